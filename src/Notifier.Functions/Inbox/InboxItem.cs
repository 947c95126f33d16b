using System.Text.Json.Serialization;
using Notifier.Functions.Http;

namespace Notifier.Functions.Inbox;

/// <summary>One inbox entry: its sequence and read state around the notification as it was stored.</summary>
/// <param name="Sequence">The entry's place in the user's inbox: dense, never reused.</param>
/// <param name="Read">Whether the user read it.</param>
/// <param name="ReadAt">When the user read it.</param>
/// <param name="Notification">The pushed payload, <c>{ id, createdAt, sender?, type, title?, body?, url?, data? }</c>, copied from storage as bytes.</param>
internal sealed record InboxItem(
    long Sequence,
    bool Read,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ReadAt,
    RawJson Notification);

using System.Text.Json.Serialization;
using Notifier.Functions.Http;

namespace Notifier.Functions.Inbox;

/// <summary>One inbox entry: its sequence, read and archive state around the notification as it was stored.</summary>
/// <param name="Sequence">The entry's place in the user's inbox: dense, never reused.</param>
/// <param name="Read">Whether the user read it.</param>
/// <param name="ReadAt">When the user read it.</param>
/// <param name="Archived">Whether the user archived it.</param>
/// <param name="ArchivedAt">When the user archived it.</param>
/// <param name="Muted">Whether the user's preferences muted it when it arrived: listed, but not pushed live and not counted unread.</param>
/// <param name="Notification">The pushed payload, <c>{ id, createdAt, sender?, type, title?, body?, url?, data? }</c>, copied from storage as bytes.</param>
internal sealed record InboxItem(
    long Sequence,
    bool Read,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ReadAt,
    bool Archived,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ArchivedAt,
    bool Muted,
    RawJson Notification);

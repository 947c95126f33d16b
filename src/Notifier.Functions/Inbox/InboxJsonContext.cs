using System.Text.Json;
using System.Text.Json.Serialization;

namespace Notifier.Functions.Inbox;

/// <summary>Source-generated JSON for the inbox answers.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(InboxPageResponse))]
[JsonSerializable(typeof(MarkReadRequest))]
[JsonSerializable(typeof(MarkReadResponse))]
[JsonSerializable(typeof(UnreadCountResponse))]
[JsonSerializable(typeof(InboxChangeRequest))]
[JsonSerializable(typeof(InboxChangeResponse))]
internal sealed partial class InboxJsonContext : JsonSerializerContext;

using System.Text.Json;
using System.Text.Json.Serialization;

namespace Notifier.Functions.Presence;

/// <summary>Source-generated JSON for the presence answer.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(PresenceResponse))]
internal sealed partial class PresenceJsonContext : JsonSerializerContext;

using System.Text.Json.Serialization;

namespace Notifier.DevHost.QueueTriggers;

/// <summary>Source-generated JSON for the host's double-encoded strings.</summary>
[JsonSerializable(typeof(string))]
internal sealed partial class HostJsonContext : JsonSerializerContext;

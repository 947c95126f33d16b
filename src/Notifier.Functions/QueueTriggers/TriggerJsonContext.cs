using System.Text.Json.Serialization;

namespace Notifier.Functions.QueueTriggers;

/// <summary>Source-generated JSON for the wrapped protocol's double-encoded strings.</summary>
[JsonSerializable(typeof(string))]
internal sealed partial class TriggerJsonContext : JsonSerializerContext;

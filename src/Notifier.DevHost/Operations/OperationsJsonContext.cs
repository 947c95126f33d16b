using System.Text.Json;
using System.Text.Json.Serialization;

namespace Notifier.DevHost.Operations;

/// <summary>Source-generated JSON for the operations snapshot (web casing, as the page reads it).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(OperationsSnapshot))]
internal sealed partial class OperationsJsonContext : JsonSerializerContext;

using System.Text.Json;
using System.Text.Json.Serialization;

namespace Notifier.Functions.Health;

/// <summary>Source-generated JSON for the health answers.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(HealthResponse))]
[JsonSerializable(typeof(ReadinessResponse))]
internal sealed partial class HealthJsonContext : JsonSerializerContext;

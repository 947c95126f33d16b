using System.Text.Json;
using System.Text.Json.Serialization;

namespace Notifier.Functions.Negotiate;

/// <summary>Source-generated JSON for the negotiate answer.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(NegotiateResponse))]
internal sealed partial class NegotiateJsonContext : JsonSerializerContext;

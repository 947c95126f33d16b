using System.Text.Json;
using System.Text.Json.Serialization;

namespace Notifier.Functions.Http;

/// <summary>Source-generated JSON for what every route may put in problem-details extensions (field errors, ids).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(FieldError[]))]
[JsonSerializable(typeof(string[]))]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(JsonElement))]
[JsonSerializable(typeof(ProblemResponse))]
internal sealed partial class HttpJsonContext : JsonSerializerContext;

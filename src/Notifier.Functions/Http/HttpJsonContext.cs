using System.Text.Json;
using System.Text.Json.Serialization;

namespace Notifier.Functions.Http;

/// <summary>
/// Source-generated JSON for what every route may put in problem-details extensions (field errors, ids), and for
/// <see cref="object"/>: the generated route handlers ask for its metadata when their endpoints are built (at the first
/// request), and without it here the reflection-based resolver would answer, building its converters for every
/// primitive type first.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(object))]
[JsonSerializable(typeof(FieldError[]))]
[JsonSerializable(typeof(string[]))]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(JsonElement))]
[JsonSerializable(typeof(ProblemResponse))]
internal sealed partial class HttpJsonContext : JsonSerializerContext;

using System.Text.Json;
using System.Text.Json.Serialization;
using Notifier.Functions.Endpoints;

namespace Notifier.Functions.Hosting;

/// <summary>Source-generated JSON for the few types serialised through ASP.NET Core (problem-details extensions, batch results).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(FieldError[]))]
[JsonSerializable(typeof(BatchItemResult[]))]
[JsonSerializable(typeof(BatchResponse))]
[JsonSerializable(typeof(string[]))]
[JsonSerializable(typeof(string))]
internal sealed partial class FunctionsJsonContext : JsonSerializerContext;

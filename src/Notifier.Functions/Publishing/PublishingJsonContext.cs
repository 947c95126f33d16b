using System.Text.Json;
using System.Text.Json.Serialization;

namespace Notifier.Functions.Publishing;

/// <summary>Source-generated JSON for batch answers, serialised through ASP.NET Core (bodies and problem-details extensions).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(BatchItemResult[]))]
[JsonSerializable(typeof(BatchResponse))]
internal sealed partial class PublishingJsonContext : JsonSerializerContext;

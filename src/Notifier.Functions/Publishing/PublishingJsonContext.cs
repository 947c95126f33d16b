using System.Text.Json;
using System.Text.Json.Serialization;

namespace Notifier.Functions.Publishing;

/// <summary>Source-generated JSON for the publishing answers, serialised through ASP.NET Core (bodies and problem-details extensions).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(BatchItemResult[]))]
[JsonSerializable(typeof(BatchResponse))]
[JsonSerializable(typeof(PublishAccepted))]
[JsonSerializable(typeof(NotificationStatus))]
[JsonSerializable(typeof(PublishRequest))]
[JsonSerializable(typeof(PublishProblemResponse))]
internal sealed partial class PublishingJsonContext : JsonSerializerContext;

using System.Text.Json.Serialization;

namespace Notifier.Publisher.Wire;

/// <summary>
/// Source-generated JSON for every body the library writes or reads, so no reflection runs on a publish. Absent
/// values are left out, as the service's own examples show them.
/// </summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, RespectRequiredConstructorParameters = true)]
[JsonSerializable(typeof(Notification))]
[JsonSerializable(typeof(IReadOnlyList<Notification>))]
[JsonSerializable(typeof(PublishReceipt))]
[JsonSerializable(typeof(PublishBatchResult))]
[JsonSerializable(typeof(NotificationStatus))]
[JsonSerializable(typeof(ProblemBody))]
internal sealed partial class PublisherJsonContext : JsonSerializerContext;

using Notifier.Core.Envelopes;
using Notifier.Core.Publishing;

namespace Notifier.Functions.Publishing;

/// <summary>Turns the pipeline's results into the publish answers.</summary>
internal static class PublishResponses
{
    /// <summary>Marks a single publish's 202 as the first answer repeated: nothing new was stored.</summary>
    public const string ReplayedHeader = "Idempotent-Replayed";

    public static PublishAccepted ForOne(PublishResult result) => new(
        result.Id,
        result.Status == PublishStatus.Expired ? BatchItemResult.Expired : BatchItemResult.Accepted,
        EnvelopeWriter.Format(result.CreatedAt),
        EnvelopeWriter.Format(result.ExpiresAt),
        StatusUrl(result.Id));

    /// <summary>A batch item's result. Unlike a single publish, whose replay repeats the first answer byte for byte (with <c>Idempotent-Replayed</c>), a batch says per item whether it was replayed.</summary>
    public static BatchItemResult ForBatch(PublishResult result) => new(
        result.Id,
        result.Status switch
        {
            PublishStatus.Duplicate => BatchItemResult.Replayed,
            PublishStatus.Expired => BatchItemResult.Expired,
            _ => BatchItemResult.Accepted,
        },
        EnvelopeWriter.Format(result.CreatedAt),
        EnvelopeWriter.Format(result.ExpiresAt),
        StatusUrl(result.Id));

    public static string StatusUrl(string id) => "/api/notifications/" + id;
}

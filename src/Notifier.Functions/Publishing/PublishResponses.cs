using System.Text.Json;
using Notifier.Core.Envelopes;
using Notifier.Core.Publishing;

namespace Notifier.Functions.Publishing;

/// <summary>The JSON shape of publish results, shared by the HTTP answer and the queue functions' logs.</summary>
internal static class PublishResponses
{
    public static void Write(Utf8JsonWriter writer, PublishResult result)
    {
        writer.WriteStartObject();
        writer.WriteString("id", result.Id);
        writer.WriteString("status", result.Status == PublishStatus.Expired ? "expired" : "accepted");
        writer.WriteString("createdAt", EnvelopeWriter.Format(result.CreatedAt));
        writer.WriteString("expiresAt", EnvelopeWriter.Format(result.ExpiresAt));
        writer.WriteString("statusUrl", StatusUrl(result.Id));
        writer.WriteEndObject();
    }

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

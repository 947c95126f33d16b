using System.Text.Json;
using Notifier.Core.Envelopes;
using Notifier.Core.Publishing;

namespace Notifier.Functions.Endpoints;

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
        writer.WriteString("statusUrl", "/api/notifications/" + result.Id);
        writer.WriteEndObject();
    }
}

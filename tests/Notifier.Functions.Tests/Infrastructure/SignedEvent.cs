using System.Globalization;
using System.Text;
using Notifier.Azure.WebPubSub.Protocol;

namespace Notifier.Functions.Tests.Infrastructure;

/// <summary>A user event as Web PubSub posts it to the app's event handler, signed with the emulator's access key.</summary>
public static class SignedEvent
{
    public static HttpRequestMessage Create(string eventName, string userId, string connectionId, byte[] data, DateTimeOffset? time = null, string? eventId = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "api/webpubsub") { Content = new ByteArrayContent(data) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        request.Headers.Add(CloudEventHeaders.SpecVersion, "1.0");
        request.Headers.Add(CloudEventHeaders.AwpsVersion, "1.0");
        request.Headers.Add(CloudEventHeaders.Type, "azure.webpubsub.user." + eventName);
        request.Headers.Add(CloudEventHeaders.Source, $"/hubs/{StackSettings.Hub}/client/{connectionId}");
        request.Headers.Add(CloudEventHeaders.Id, eventId ?? Guid.NewGuid().ToString("N"));
        request.Headers.Add(CloudEventHeaders.Time, (time ?? DateTimeOffset.UtcNow).ToString("O", CultureInfo.InvariantCulture));
        request.Headers.Add(CloudEventHeaders.Hub, StackSettings.Hub);
        request.Headers.Add(CloudEventHeaders.ConnectionId, connectionId);
        request.Headers.Add(CloudEventHeaders.UserId, userId);
        request.Headers.Add(CloudEventHeaders.EventName, eventName);
        request.Headers.Add(CloudEventHeaders.Subprotocol, WebPubSubSubprotocols.Json);
        request.Headers.Add(CloudEventHeaders.Signature, CloudEventSignature.Create(connectionId, [EmulatorServer.AccessKey]));
        return request;
    }

    public static HttpRequestMessage Create(string eventName, string userId, string connectionId, string json) =>
        Create(eventName, userId, connectionId, Encoding.UTF8.GetBytes(json));
}

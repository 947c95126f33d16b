using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using Notifier.Azure.WebPubSub.Protocol;

namespace Notifier.Azure.WebPubSub.Tests.EventHandler.Infrastructure;

/// <summary>Builds event requests the way Web PubSub sends them (https://learn.microsoft.com/azure/azure-web-pubsub/reference-cloud-events), signed with <see cref="TestKeys.Primary"/>.</summary>
internal static class CloudEventRequests
{
    public const string Hub = "chat";
    public const string ConnectionId = "conn1";
    public const string UserId = "user1";

    // The service numbers events and stamps them when they happen; the endpoint refuses stale times and reused ids.
    private static long s_lastId;

    public static HttpRequestMessage Create(
        string type,
        string eventName,
        HttpContent? content = null,
        string connectionId = ConnectionId,
        string hub = Hub,
        string? userId = UserId,
        string? signature = null,
        string? connectionState = null,
        string? path = null,
        string? id = null,
        DateTimeOffset? time = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path ?? EventHandlerHost.Path) { Content = content };
        var headers = request.Headers;
        headers.TryAddWithoutValidation(CloudEventHeaders.SpecVersion, CloudEventTypes.Version);
        headers.TryAddWithoutValidation(CloudEventHeaders.AwpsVersion, CloudEventTypes.Version);
        headers.TryAddWithoutValidation(CloudEventHeaders.Type, type);
        headers.TryAddWithoutValidation(CloudEventHeaders.Source, $"/hubs/{hub}/client/{connectionId}");
        headers.TryAddWithoutValidation(CloudEventHeaders.Id, id ?? NextId());
        headers.TryAddWithoutValidation(CloudEventHeaders.Time, FormatTime(time ?? TimeProvider.System.GetUtcNow()));
        headers.TryAddWithoutValidation(CloudEventHeaders.Signature, signature ?? Sign(connectionId, TestKeys.Primary));
        headers.TryAddWithoutValidation(CloudEventHeaders.ConnectionId, connectionId);
        headers.TryAddWithoutValidation(CloudEventHeaders.Hub, hub);
        headers.TryAddWithoutValidation(CloudEventHeaders.EventName, eventName);
        headers.TryAddWithoutValidation(CloudEventHeaders.WebHookRequestOrigin, TestKeys.ServiceHost);
        if (userId is not null)
        {
            headers.TryAddWithoutValidation(CloudEventHeaders.UserId, userId);
        }

        if (connectionState is not null)
        {
            headers.TryAddWithoutValidation(CloudEventHeaders.ConnectionState, connectionState);
        }

        return request;
    }

    public static string NextId() => Interlocked.Increment(ref s_lastId).ToString(CultureInfo.InvariantCulture);

    public static string FormatTime(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    public static string Sign(string connectionId, params string[] keys) => CloudEventSignature.Create(connectionId, keys);

    public static HttpRequestMessage Connect(string json, string? connectionState = null, string? id = null) =>
        Create(CloudEventTypes.Connect, CloudEventTypes.ConnectEventName, Json(json), connectionState: connectionState, id: id);

    public static HttpRequestMessage Connected(string? connectionState = null, string connectionId = ConnectionId, string? signature = null, string? path = null) =>
        Create(CloudEventTypes.Connected, CloudEventTypes.ConnectedEventName, Json("{}"), connectionId: connectionId, signature: signature, connectionState: connectionState, path: path);

    public static HttpRequestMessage Disconnected(string? json) =>
        Create(CloudEventTypes.Disconnected, CloudEventTypes.DisconnectedEventName, json is null ? null : Json(json));

    public static HttpRequestMessage UserEvent(HttpContent? content, string eventName = CloudEventTypes.MessageEventName, string? connectionState = null) =>
        Create(CloudEventTypes.UserPrefix + eventName, eventName, content, connectionState: connectionState);

    public static HttpRequestMessage Text(string text, string? connectionState = null) =>
        UserEvent(new StringContent(text, Encoding.UTF8, "text/plain"), connectionState: connectionState);

    public static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    public static ByteArrayContent Bytes(byte[] bytes, string? contentType)
    {
        var content = new ByteArrayContent(bytes);
        if (contentType is not null)
        {
            content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }

        return content;
    }
}

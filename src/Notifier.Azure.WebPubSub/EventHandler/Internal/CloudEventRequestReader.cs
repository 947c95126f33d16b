using System.Diagnostics.CodeAnalysis;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;
using Notifier.Azure.WebPubSub.Protocol;

namespace Notifier.Azure.WebPubSub.EventHandler.Internal;

/// <summary>
/// Verifies the headers of an event request (https://learn.microsoft.com/azure/azure-web-pubsub/reference-cloud-events) before anything else is read. The order matters:
/// required headers (400), then the signature (401), and only then anything that depends on trusting the caller
/// (hub, event type, content type, connection state).
/// </summary>
internal static class CloudEventRequestReader
{
    private static readonly string[] RequiredHeaders =
    [
        CloudEventHeaders.AwpsVersion,
        CloudEventHeaders.Type,
        CloudEventHeaders.ConnectionId,
        CloudEventHeaders.Hub,
        CloudEventHeaders.EventName,
    ];

    public static bool TryRead(
        HttpRequest request,
        EventHandlerSettings settings,
        [NotNullWhen(true)] out CloudEventEnvelope? envelope,
        out RequestError error)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(settings);
        envelope = null;
        var headers = request.Headers;

        List<string>? missing = null;
        foreach (var name in RequiredHeaders)
        {
            var values = headers[name];
            if (values.Count > 1)
            {
                error = new RequestError(StatusCodes.Status400BadRequest, $"The '{name}' header must have a single value.");
                return false;
            }

            if (string.IsNullOrWhiteSpace(values.ToString()))
            {
                (missing ??= []).Add(name);
            }
        }

        if (missing is not null)
        {
            error = new RequestError(StatusCodes.Status400BadRequest, $"Missing required CloudEvents header(s): {string.Join(", ", missing)}.");
            return false;
        }

        var connectionId = headers[CloudEventHeaders.ConnectionId].ToString();
        // Several ce-signature header lines are equivalent to one comma-joined value, which StringValues produces.
        var signature = headers[CloudEventHeaders.Signature].ToString();
        // Without keys the upstream was authorized another way (AuthorizeUpstream) before this.
        if (settings.AccessKeys.Length > 0)
        {
            if (signature.Length == 0)
            {
                error = new RequestError(StatusCodes.Status401Unauthorized, "Missing ce-signature header.");
                return false;
            }

            if (!CloudEventSignature.IsValid(signature, connectionId, settings.AccessKeys))
            {
                error = new RequestError(StatusCodes.Status401Unauthorized, "The ce-signature header does not match any configured access key.");
                return false;
            }
        }

        var hub = headers[CloudEventHeaders.Hub].ToString();
        if (!settings.ServesHub(hub))
        {
            error = new RequestError(StatusCodes.Status400BadRequest, $"Hub '{hub}' is not served by this endpoint.");
            return false;
        }

        var type = headers[CloudEventHeaders.Type].ToString();
        if (!TryGetKind(type, out var kind))
        {
            error = new RequestError(StatusCodes.Status400BadRequest, $"Unsupported event type '{type}'.");
            return false;
        }

        var dataType = WebPubSubDataType.Binary;
        if (kind == EventKind.User && !TryGetDataType(request.ContentType, out dataType))
        {
            error = new RequestError(StatusCodes.Status400BadRequest, $"Unsupported content type '{request.ContentType}' for a user event; expected text/plain, application/json or application/octet-stream.");
            return false;
        }

        var stateValues = headers[CloudEventHeaders.ConnectionState];
        if (stateValues.Count > 1 || !ConnectionStateCodec.TryDecode(stateValues.ToString(), out var states))
        {
            error = new RequestError(StatusCodes.Status400BadRequest, "Malformed ce-connectionState header.");
            return false;
        }

        var context = new WebPubSubConnectionContext
        {
            Hub = hub,
            ConnectionId = connectionId,
            UserId = NullIfEmpty(headers[CloudEventHeaders.UserId].ToString()),
            EventName = headers[CloudEventHeaders.EventName].ToString(),
            EventType = type,
            EventId = NullIfEmpty(headers[CloudEventHeaders.Id].ToString()),
            Subprotocol = NullIfEmpty(headers[CloudEventHeaders.Subprotocol].ToString()),
            Origin = NullIfEmpty(headers[CloudEventHeaders.WebHookRequestOrigin].ToString()),
            Signature = signature,
            Headers = CopyHeaders(headers),
            ConnectionStates = states,
        };
        envelope = new CloudEventEnvelope(kind, context, dataType);
        error = default;
        return true;
    }

    private static bool TryGetKind(string type, out EventKind kind)
    {
        switch (type)
        {
            case CloudEventTypes.Connect:
                kind = EventKind.Connect;
                return true;
            case CloudEventTypes.Connected:
                kind = EventKind.Connected;
                return true;
            case CloudEventTypes.Disconnected:
                kind = EventKind.Disconnected;
                return true;
        }

        // Other system events (MQTT, group joined/left) are not supported and fall through to the rejection.
        kind = EventKind.User;
        return type.Length > CloudEventTypes.UserPrefix.Length && type.StartsWith(CloudEventTypes.UserPrefix, StringComparison.Ordinal);
    }

    /// <summary>
    /// Maps a user event's content type (https://learn.microsoft.com/azure/azure-web-pubsub/reference-cloud-events). A missing content type means raw bytes, as RFC 9110 §8.3 lets a
    /// recipient assume <c>application/octet-stream</c>; protobuf and anything else is unsupported.
    /// </summary>
    internal static bool TryGetDataType(string? contentType, out WebPubSubDataType dataType)
    {
        dataType = WebPubSubDataType.Binary;
        if (string.IsNullOrWhiteSpace(contentType))
        {
            return true;
        }

        if (!MediaTypeHeaderValue.TryParse(contentType, out var mediaType))
        {
            return false;
        }

        var media = mediaType.MediaType;
        if (media.Equals("text/plain", StringComparison.OrdinalIgnoreCase))
        {
            dataType = WebPubSubDataType.Text;
            return true;
        }

        if (media.Equals("application/json", StringComparison.OrdinalIgnoreCase))
        {
            dataType = WebPubSubDataType.Json;
            return true;
        }

        return media.Equals("application/octet-stream", StringComparison.OrdinalIgnoreCase);
    }

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;

    // Copied, not wrapped: Kestrel reuses header collections after the request ends, and handlers may keep the context.
    private static Dictionary<string, string[]> CopyHeaders(IHeaderDictionary headers)
    {
        var copy = new Dictionary<string, string[]>(headers.Count, StringComparer.OrdinalIgnoreCase);
        foreach (var (name, values) in headers)
        {
            copy[name] = values.ToArray()!;
        }

        return copy;
    }
}

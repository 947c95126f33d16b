using System.Diagnostics.CodeAnalysis;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;
using Notifier.Azure.SignalR.Protocol;

namespace Notifier.Azure.SignalR.Upstream.Internal;

/// <summary>
/// Verifies an upstream request's headers, in this order: content type (415), the dispatch headers, each exactly once
/// and non-empty (400), the signature (401), then hub, category and event (400). Nothing the request says is trusted
/// before the signature has been checked, except what is needed to check it.
/// </summary>
internal static class UpstreamRequestReader
{
    public static bool TryRead(HttpRequest request, UpstreamSettings settings, [NotNullWhen(true)] out UpstreamEnvelope? envelope, out UpstreamRequestError error)
    {
        envelope = null;
        if (!IsJson(request.ContentType))
        {
            error = new(StatusCodes.Status415UnsupportedMediaType, "Upstream requests must be application/json; the MessagePack protocol is not supported.");
            return false;
        }

        if (!TryGetSingle(request, UpstreamHeaders.ConnectionId, out var connectionId, out error)
            || !TryGetSingle(request, UpstreamHeaders.Hub, out var hub, out error)
            || !TryGetSingle(request, UpstreamHeaders.Category, out var category, out error)
            || !TryGetSingle(request, UpstreamHeaders.Event, out var eventName, out error))
        {
            return false;
        }

        var headers = request.Headers;
        if (settings.AccessKeys.Length > 0
            && !UpstreamSignature.IsValid(headers[UpstreamHeaders.Signature].ToString(), connectionId, settings.AccessKeys))
        {
            error = new(StatusCodes.Status401Unauthorized, $"The {UpstreamHeaders.Signature} header does not match any configured access key.");
            return false;
        }

        if (!settings.ServesHub(hub))
        {
            error = new(StatusCodes.Status400BadRequest, $"This endpoint does not serve hub '{hub}'.");
            return false;
        }

        UpstreamEventKind kind;
        if (string.Equals(category, UpstreamCategories.Connections, StringComparison.OrdinalIgnoreCase))
        {
            if (string.Equals(eventName, UpstreamEvents.Connected, StringComparison.OrdinalIgnoreCase))
            {
                kind = UpstreamEventKind.Connected;
            }
            else if (string.Equals(eventName, UpstreamEvents.Disconnected, StringComparison.OrdinalIgnoreCase))
            {
                kind = UpstreamEventKind.Disconnected;
            }
            else
            {
                error = new(StatusCodes.Status400BadRequest, $"Unknown {UpstreamHeaders.Event} '{eventName}' in category 'connections'; expected connected or disconnected.");
                return false;
            }
        }
        else if (string.Equals(category, UpstreamCategories.Messages, StringComparison.OrdinalIgnoreCase))
        {
            kind = UpstreamEventKind.Invocation;
        }
        else
        {
            error = new(StatusCodes.Status400BadRequest, $"Unknown {UpstreamHeaders.Category} '{category}'; expected connections or messages.");
            return false;
        }

        var userId = headers[UpstreamHeaders.UserId].ToString();
        var connection = new SignalRConnectionContext(
            hub,
            connectionId,
            userId.Length == 0 ? null : userId,
            UserClaimsHeader.Parse(headers[UpstreamHeaders.UserClaims].ToString()),
            headers[UpstreamHeaders.ClientQuery].ToString());
        envelope = new UpstreamEnvelope(kind, eventName, connection);
        error = default;
        return true;
    }

    private static bool IsJson(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var parsed)
        && parsed.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase);

    private static bool TryGetSingle(HttpRequest request, string name, out string value, out UpstreamRequestError error)
    {
        var values = request.Headers[name];
        if (values.Count != 1 || string.IsNullOrWhiteSpace(values[0]))
        {
            value = string.Empty;
            error = new(StatusCodes.Status400BadRequest, values.Count > 1 ? $"The {name} header appears more than once." : $"Missing {name} header.");
            return false;
        }

        value = values[0]!;
        error = default;
        return true;
    }
}

using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Notifier.Azure.Shared;

namespace Notifier.Azure.SignalR.Protocol;

/// <summary>
/// A parsed Azure SignalR Service connection string:
/// <c>Endpoint=https://host;AccessKey=key;Port=8888;Version=1.0;ClientEndpoint=…;ServerEndpoint=…;AuthType=…</c>.
/// Keys are case-insensitive, values are trimmed, empty segments are ignored and only the first <c>=</c> of a segment
/// splits it (keys may contain <c>=</c>). An access key is required unless <c>AuthType</c> names an Entra ID identity.
/// </summary>
public sealed class SignalRConnectionString
{
    private SignalRConnectionString(Uri endpoint, string? accessKey, Uri clientEndpoint, Uri serverEndpoint, string? authType, string? clientId)
    {
        Endpoint = endpoint;
        AccessKey = accessKey;
        ClientEndpoint = clientEndpoint;
        ServerEndpoint = serverEndpoint;
        AuthType = authType;
        ClientId = clientId;
    }

    /// <summary>The service endpoint, with <c>Port</c> applied and no trailing slash.</summary>
    public Uri Endpoint { get; }

    /// <summary>The access key (it signs tokens as its UTF-8 bytes), or null when <see cref="AuthType"/> is set.</summary>
    public string? AccessKey { get; }

    /// <summary>The URL handed to clients in the negotiate redirect: <c>ClientEndpoint</c>, else <see cref="Endpoint"/>.</summary>
    public Uri ClientEndpoint { get; }

    /// <summary>The URL REST calls go to: <c>ServerEndpoint</c>, else <see cref="Endpoint"/>.</summary>
    public Uri ServerEndpoint { get; }

    /// <summary><c>azure</c>, <c>azure.msi</c> or <c>azure.app</c> for Entra ID; null for an access key.</summary>
    public string? AuthType { get; }

    /// <summary>The client id of a user-assigned managed identity or an app registration, if given.</summary>
    public string? ClientId { get; }

    /// <summary>Parses a connection string.</summary>
    /// <exception cref="ArgumentException">A key is missing, repeated or invalid; the message names it and never echoes the key.</exception>
    public static SignalRConnectionString Parse(string connectionString)
    {
        ArgumentNullException.ThrowIfNull(connectionString);
        if (!TryParse(connectionString, out var result, out var error))
        {
            throw new ArgumentException(error, nameof(connectionString));
        }

        return result;
    }

    /// <summary>Parses a connection string without throwing.</summary>
    public static bool TryParse(string? connectionString, [NotNullWhen(true)] out SignalRConnectionString? result) =>
        TryParse(connectionString, out result, out _);

    private static bool TryParse(
        string? connectionString,
        [NotNullWhen(true)] out SignalRConnectionString? result,
        [NotNullWhen(false)] out string? error)
    {
        result = null;
        if (!ConnectionStringSegments.TryRead(connectionString, out var values, out error))
        {
            return false;
        }

        if (!values.TryGetValue("Endpoint", out var endpointText) || endpointText.Length == 0)
        {
            error = "The connection string has no 'Endpoint'.";
            return false;
        }

        if (!TryParseUrl(endpointText, "Endpoint", out var endpoint, out error))
        {
            return false;
        }

        var authType = values.GetValueOrDefault("AuthType") is { Length: > 0 } auth ? auth : null;
        var accessKey = values.GetValueOrDefault("AccessKey") is { Length: > 0 } key0 ? key0 : null;
        if (accessKey is null && authType is null)
        {
            error = "The connection string has no 'AccessKey' (or 'AuthType' for Entra ID).";
            return false;
        }

        if (values.TryGetValue("Version", out var version) && !version.StartsWith("1.", StringComparison.Ordinal))
        {
            error = $"The connection string's 'Version' ('{version}') is not supported; use 1.0.";
            return false;
        }

        if (values.TryGetValue("Port", out var portText))
        {
            if (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
            {
                error = $"The connection string's 'Port' ('{portText}') is not a port number between 1 and 65535.";
                return false;
            }

            endpoint = new UriBuilder(endpoint) { Port = port }.Uri;
        }

        endpoint = Normalize(endpoint);
        var clientEndpoint = endpoint;
        if (values.TryGetValue("ClientEndpoint", out var clientText) && !TryParseUrl(clientText, "ClientEndpoint", out clientEndpoint, out error))
        {
            return false;
        }

        var serverEndpoint = endpoint;
        if (values.TryGetValue("ServerEndpoint", out var serverText) && !TryParseUrl(serverText, "ServerEndpoint", out serverEndpoint, out error))
        {
            return false;
        }

        result = new SignalRConnectionString(endpoint, accessKey, Normalize(clientEndpoint), Normalize(serverEndpoint), authType, values.GetValueOrDefault("ClientId"));
        error = null;
        return true;
    }

    private static bool TryParseUrl(string text, string name, [NotNullWhen(true)] out Uri? url, [NotNullWhen(false)] out string? error)
    {
        if (!Uri.TryCreate(text.TrimEnd('/'), UriKind.Absolute, out url)
            || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            url = null;
            error = $"The connection string's '{name}' ('{text}') is not an absolute http or https URL.";
            return false;
        }

        error = null;
        return true;
    }

    // One canonical form ("scheme://host[:port]" plus any base path, no trailing slash) keeps URLs and audiences stable.
    private static Uri Normalize(Uri endpoint) =>
        new(endpoint.GetLeftPart(UriPartial.Path).TrimEnd('/'), UriKind.Absolute);
}

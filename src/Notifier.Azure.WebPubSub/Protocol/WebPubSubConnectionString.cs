using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Notifier.Azure.Shared;

namespace Notifier.Azure.WebPubSub.Protocol;

/// <summary>
/// A parsed Azure Web PubSub connection string:
/// <c>Endpoint=https://host;AccessKey=key;Port=8080;Version=1.0;</c>. Keys are case-insensitive, values are trimmed,
/// empty segments are ignored and only the first <c>=</c> of a segment splits it (keys may contain <c>=</c>).
/// </summary>
public sealed class WebPubSubConnectionString
{
    private WebPubSubConnectionString(Uri endpoint, string accessKey)
    {
        Endpoint = endpoint;
        AccessKey = accessKey;
    }

    /// <summary>The service endpoint, with <c>Port</c> applied and no trailing slash.</summary>
    public Uri Endpoint { get; }

    /// <summary>The access key; it signs tokens as its UTF-8 bytes.</summary>
    public string AccessKey { get; }

    /// <summary>Parses a connection string.</summary>
    /// <exception cref="ArgumentException">A key is missing, repeated or invalid; the message names it.</exception>
    public static WebPubSubConnectionString Parse(string connectionString)
    {
        ArgumentNullException.ThrowIfNull(connectionString);
        if (!TryParse(connectionString, out var result, out var error))
        {
            throw new ArgumentException(error, nameof(connectionString));
        }

        return result;
    }

    /// <summary>Parses a connection string without throwing.</summary>
    public static bool TryParse(string? connectionString, [NotNullWhen(true)] out WebPubSubConnectionString? result) =>
        TryParse(connectionString, out result, out _);

    private static bool TryParse(
        string? connectionString,
        [NotNullWhen(true)] out WebPubSubConnectionString? result,
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

        if (!values.TryGetValue("AccessKey", out var accessKey) || accessKey.Length == 0)
        {
            error = "The connection string has no 'AccessKey'.";
            return false;
        }

        if (!Uri.TryCreate(endpointText.TrimEnd('/'), UriKind.Absolute, out var endpoint)
            || (endpoint.Scheme != Uri.UriSchemeHttp && endpoint.Scheme != Uri.UriSchemeHttps))
        {
            error = $"The connection string's 'Endpoint' ('{endpointText}') is not an absolute http or https URL.";
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

        result = new WebPubSubConnectionString(Normalize(endpoint), accessKey);
        error = null;
        return true;
    }

    // One canonical form ("scheme://host[:port]" plus any base path, no trailing slash) keeps token audiences stable.
    private static Uri Normalize(Uri endpoint) =>
        new(endpoint.GetLeftPart(UriPartial.Path).TrimEnd('/'), UriKind.Absolute);
}

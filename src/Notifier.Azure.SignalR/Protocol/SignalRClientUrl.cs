namespace Notifier.Azure.SignalR.Protocol;

/// <summary>
/// The client URL of a hub, <c>{endpoint}/client/?hub={hub}</c>, which the negotiate redirect hands to clients, and the
/// audience of client tokens, which is the same URL without the port. Hub names are lower-cased, as the SDKs do.
/// </summary>
public static class SignalRClientUrl
{
    /// <summary>The path clients negotiate and connect at.</summary>
    public const string Path = "/client/";

    /// <summary>The URL for the negotiate redirect: the endpoint (any base path kept) with <c>/client/?hub=</c>.</summary>
    public static Uri For(Uri clientEndpoint, string hub)
    {
        ArgumentNullException.ThrowIfNull(clientEndpoint);
        SignalRNames.ValidateHub(hub, nameof(hub));
        return new Uri(clientEndpoint.GetLeftPart(UriPartial.Path).TrimEnd('/') + Path + "?hub=" + Uri.EscapeDataString(SignalRNames.NormalizeHub(hub)), UriKind.Absolute);
    }

    /// <summary>The <c>aud</c> of a client token: <c>{scheme}://{host}/client/?hub={hub}</c>, without the port, as the SDKs write it.</summary>
    public static string Audience(Uri endpoint, string hub)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        SignalRNames.ValidateHub(hub, nameof(hub));
        return endpoint.Scheme + "://" + endpoint.Host + Path + "?hub=" + Uri.EscapeDataString(SignalRNames.NormalizeHub(hub));
    }

    /// <summary>
    /// True when <paramref name="audience"/> is a client audience for <paramref name="hub"/>: path <c>/client/</c> (or
    /// <c>/client</c>) and that hub, compared case-insensitively. Host and port are not compared, because a proxy or a
    /// container may show the service under another name than the one the token was made for.
    /// </summary>
    public static bool IsAudienceFor(string audience, string hub)
    {
        ArgumentNullException.ThrowIfNull(hub);
        if (!Uri.TryCreate(audience, UriKind.Absolute, out var url)
            || !string.Equals(url.AbsolutePath.TrimEnd('/'), Path.TrimEnd('/'), StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        foreach (var pair in url.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var separator = pair.IndexOf('=', StringComparison.Ordinal);
            if (separator > 0 && pair[..separator] == "hub"
                && string.Equals(Uri.UnescapeDataString(pair[(separator + 1)..]), hub, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}

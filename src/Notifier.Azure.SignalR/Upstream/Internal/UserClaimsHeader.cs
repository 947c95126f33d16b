namespace Notifier.Azure.SignalR.Upstream.Internal;

/// <summary>
/// Reads <c>X-ASRS-User-Claims</c>: <c>type: value</c> pairs joined by <c>, </c>. The format has no escaping, so it
/// is split as the Functions extension splits it; an entry without <c>": "</c> is skipped.
/// </summary>
internal static class UserClaimsHeader
{
    public static IReadOnlyList<KeyValuePair<string, string>> Parse(string? header)
    {
        if (string.IsNullOrWhiteSpace(header))
        {
            return [];
        }

        var claims = new List<KeyValuePair<string, string>>();
        foreach (var entry in header.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var separator = entry.IndexOf(": ", StringComparison.Ordinal);
            if (separator > 0)
            {
                claims.Add(new(entry[..separator], entry[(separator + 2)..]));
            }
        }

        return claims;
    }
}

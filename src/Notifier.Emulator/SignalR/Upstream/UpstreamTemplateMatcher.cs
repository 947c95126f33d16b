using Notifier.Emulator.SignalR.Hosting;

namespace Notifier.Emulator.SignalR.Upstream;

/// <summary>Picks the upstream URL of an event: the first template whose three patterns match, with its placeholders filled.</summary>
internal static class UpstreamTemplateMatcher
{
    public static Uri? Resolve(IReadOnlyList<SignalRUpstreamTemplate> templates, string hub, string category, string eventName)
    {
        foreach (var template in templates)
        {
            if (Matches(template.HubPattern, hub) && Matches(template.CategoryPattern, category) && Matches(template.EventPattern, eventName))
            {
                var url = template.UrlTemplate
                    .Replace("{hub}", Uri.EscapeDataString(hub), StringComparison.OrdinalIgnoreCase)
                    .Replace("{category}", Uri.EscapeDataString(category), StringComparison.OrdinalIgnoreCase)
                    .Replace("{event}", Uri.EscapeDataString(eventName), StringComparison.OrdinalIgnoreCase);
                return Uri.TryCreate(url, UriKind.Absolute, out var resolved) ? resolved : null;
            }
        }

        return null;
    }

    /// <summary><c>*</c> matches anything; otherwise a comma-separated list of names, compared case-insensitively.</summary>
    public static bool Matches(string pattern, string value)
    {
        foreach (var range in pattern.AsSpan().Split(','))
        {
            var item = pattern.AsSpan(range).Trim();
            if (item is "*" || item.Equals(value, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}

using Notifier.Emulator.Hosting;

namespace Notifier.Emulator.Upstream;

/// <summary>
/// Picks a hub's event handler for an event (https://learn.microsoft.com/azure/azure-web-pubsub/howto-develop-eventhandler): the first in order whose <c>SystemEvents</c> (system
/// events) or <c>EventPattern</c> (user events) matches, case-insensitively; and resolves its URL template.
/// </summary>
internal static class EventHandlerResolver
{
    /// <summary>The <c>{event}</c> value of abuse-protection requests.</summary>
    public const string ValidateEventName = "validate";

    public static EventHandlerOptions? Find(EmulatorOptions options, string hub, string eventName, bool isSystemEvent)
    {
        if (options.FindHub(hub) is not { } hubOptions)
        {
            return null;
        }

        foreach (var handler in hubOptions.EventHandlers)
        {
            if (isSystemEvent
                ? handler.SystemEvents.Any(e => string.Equals(e.Trim(), eventName, StringComparison.OrdinalIgnoreCase))
                : MatchesPattern(handler.EventPattern, eventName))
            {
                return handler;
            }
        }

        return null;
    }

    /// <summary><c>*</c>, a comma-separated list, or a single name; blank matches nothing.</summary>
    public static bool MatchesPattern(string? pattern, string eventName)
    {
        if (string.IsNullOrWhiteSpace(pattern))
        {
            return false;
        }

        foreach (var range in pattern.AsSpan().Split(','))
        {
            var candidate = pattern.AsSpan(range).Trim();
            if (candidate is "*" || candidate.Equals(eventName, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Replaces <c>{hub}</c> and <c>{event}</c> (case-insensitively, URL-escaped); null when the result is not an http(s) URL.</summary>
    public static Uri? ResolveUrl(string urlTemplate, string hub, string eventName)
    {
        var resolved = urlTemplate
            .Replace("{hub}", Uri.EscapeDataString(hub), StringComparison.OrdinalIgnoreCase)
            .Replace("{event}", Uri.EscapeDataString(eventName), StringComparison.OrdinalIgnoreCase);
        return Uri.TryCreate(resolved, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            ? uri
            : null;
    }
}

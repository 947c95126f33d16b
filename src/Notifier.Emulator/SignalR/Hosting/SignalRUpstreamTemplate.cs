namespace Notifier.Emulator.SignalR.Hosting;

/// <summary>
/// One upstream URL template, as the service configures it: patterns for hub, category and event (<c>*</c>, a
/// comma-separated list, or one name; compared case-insensitively) and the URL, in which <c>{hub}</c>,
/// <c>{category}</c> and <c>{event}</c> are replaced (escaped) per call.
/// </summary>
public sealed class SignalRUpstreamTemplate
{
    /// <summary>An absolute http(s) URL, with optional placeholders in its path and query.</summary>
    public string UrlTemplate { get; set; } = string.Empty;

    /// <summary>The hubs it serves.</summary>
    public string HubPattern { get; set; } = "*";

    /// <summary><c>connections</c>, <c>messages</c>, or both.</summary>
    public string CategoryPattern { get; set; } = "*";

    /// <summary><c>connected</c>, <c>disconnected</c>, invocation targets.</summary>
    public string EventPattern { get; set; } = "*";
}

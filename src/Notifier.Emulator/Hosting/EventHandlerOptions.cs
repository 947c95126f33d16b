namespace Notifier.Emulator.Hosting;

/// <summary>One event handler (webhook) of a hub, as the service and the official emulator configure it.</summary>
public sealed class EventHandlerOptions
{
    /// <summary>An absolute http(s) URL; <c>{hub}</c> and <c>{event}</c> are replaced (escaped) per call.</summary>
    public string UrlTemplate { get; set; } = string.Empty;

    /// <summary>System events sent to this handler: any of <c>connect</c>, <c>connected</c>, <c>disconnected</c>.</summary>
    public List<string> SystemEvents { get; } = [];

    /// <summary>User events sent to this handler: <c>*</c>, a comma-separated list, or one name; empty for none.</summary>
    public string? EventPattern { get; set; }
}

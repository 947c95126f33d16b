namespace Notifier.Emulator.Upstream;

/// <summary>
/// Settings of the event-handler client that the official emulator does not expose, read from the same
/// <c>WebPubSub</c> section as <see cref="Hosting.EmulatorOptions"/>. The defaults model the service; tests shorten
/// the delays.
/// </summary>
public sealed class UpstreamOptions
{
    /// <summary>The delays before the retries of <c>408</c>, <c>5xx</c> and network failures: 1 s, 3 s, 5 s.</summary>
    public static readonly IReadOnlyList<TimeSpan> DefaultRetryDelays = [TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(5)];

    /// <summary>
    /// The host sent in <c>WebHook-Request-Origin</c>: the host, without port, that event handlers know the emulator
    /// by (their connection string's endpoint). Null: the host the emulator listens on, <c>localhost</c> for wildcards.
    /// </summary>
    public string? WebHookRequestOrigin { get; set; }

    /// <summary>
    /// Delays before each retry of an event (so at most one attempt more than there are delays), all within
    /// <see cref="Hosting.EmulatorOptions.EventHandlerTimeout"/>. Null means <see cref="DefaultRetryDelays"/>; empty
    /// means no retries.
    /// </summary>
    public IReadOnlyList<TimeSpan>? EventHandlerRetryDelays { get; set; }

    /// <summary>How long one abuse-protection validation (OPTIONS, and GET after a 404) may take.</summary>
    public TimeSpan ValidationTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a successful validation is trusted before it is refreshed.</summary>
    public TimeSpan ValidationCacheDuration { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The first wait before a failed validation is tried again; it doubles up to <see cref="ValidationMaxRetryInterval"/>.</summary>
    public TimeSpan ValidationMinRetryInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait before a failed validation is tried again.</summary>
    public TimeSpan ValidationMaxRetryInterval { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary><c>connected</c>/<c>disconnected</c> calls in flight at once, over all connections.</summary>
    public int MaxConcurrentNotifications { get; set; } = 256;

    /// <summary><c>connected</c>/<c>disconnected</c> events waiting to be sent; past this they are logged and dropped.</summary>
    public int MaxPendingNotifications { get; set; } = 100_000;

    internal IReadOnlyList<TimeSpan> RetryDelays => EventHandlerRetryDelays ?? DefaultRetryDelays;
}

namespace Notifier.Emulator.Hosting;

/// <summary>
/// The emulator's settings, section <c>WebPubSub</c>, in the official emulator's format:
/// <c>WebPubSub:AccessKey</c> and <c>WebPubSub:Hubs:{hub}:EventHandlers[]</c>, plus the service limits it models.
/// </summary>
public sealed class EmulatorOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "WebPubSub";

    /// <summary>The official emulator's well-known key, so its default connection string works here too.</summary>
    public const string DefaultAccessKey = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789ABCDEFGH";

    /// <summary>The access key that signs client and REST tokens and event-handler signatures.</summary>
    public string AccessKey { get; set; } = DefaultAccessKey;

    /// <summary>Per-hub settings, keyed by hub name (case-insensitive). Hubs not listed here still work, without handlers.</summary>
    public Dictionary<string, HubOptions> Hubs { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>How long one event-handler call may take, retries included. The service allows 100 s.</summary>
    public TimeSpan EventHandlerTimeout { get; set; } = TimeSpan.FromSeconds(100);

    /// <summary>The largest message a client may send, and the largest REST body. 1 MiB, as the service.</summary>
    public int MaxMessageSize { get; set; } = 1024 * 1024;

    /// <summary>Messages waiting to be written to one connection before it is closed as too slow.</summary>
    public int OutboundQueueCapacity { get; set; } = 1000;

    /// <summary>Unacknowledged messages a reliable connection may hold before it is closed unrecoverably.</summary>
    public int ReliableBufferMessages { get; set; } = 1000;

    /// <summary>Bytes of unacknowledged messages a reliable connection may hold. 16 MiB, as the service.</summary>
    public long ReliableBufferBytes { get; set; } = 16L * 1024 * 1024;

    /// <summary>How long a dropped reliable connection waits for its client to recover it.</summary>
    public TimeSpan RecoveryWindow { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often the server pings an idle WebSocket to keep it and its proxies alive.</summary>
    public TimeSpan KeepAliveInterval { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>A connection from which nothing (not even a pong) arrives for this long is considered dead and dropped.</summary>
    public TimeSpan ClientTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Serve client WebSocket upgrades that open a connection directly on Kestrel's transport, below its HTTP layer,
    /// so each idle connection costs far less memory. Off: every upgrade goes through the HTTP pipeline.
    /// </summary>
    public bool AcceptClientsOnRawConnections { get; set; } = true;

    /// <summary>
    /// How long client handshakes must have stopped before the emulator collects their garbage once; a quiet tick of
    /// this length after a burst of connections triggers it.
    /// </summary>
    public TimeSpan IdleCollectionDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Finds the settings of a hub, or null when it has none.</summary>
    public HubOptions? FindHub(string hub) => Hubs.GetValueOrDefault(hub);
}

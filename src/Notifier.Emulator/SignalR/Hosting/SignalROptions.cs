using Notifier.Emulator.Hosting;

namespace Notifier.Emulator.SignalR.Hosting;

/// <summary>
/// The SignalR Service mode's settings, section <c>SignalR</c>: the access key, the upstream URL templates, and the
/// serverless keep-alive and timeouts.
/// </summary>
public sealed class SignalROptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "SignalR";

    /// <summary>The access key that signs client and REST tokens and upstream signatures; the official emulators' key by default.</summary>
    public string AccessKey { get; set; } = EmulatorOptions.DefaultAccessKey;

    /// <summary>Upstream URL templates in order; for each event the first that matches is called. None: events go nowhere.</summary>
    public List<SignalRUpstreamTemplate> Upstream { get; } = [];

    /// <summary>How often the server pings each connection. The service's default is 15 seconds.</summary>
    public TimeSpan KeepAliveInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>A connection from which nothing arrives for this long is closed. The service's default is 30 seconds.</summary>
    public TimeSpan ClientTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a client has, after the WebSocket opens, to send its handshake. 15 seconds, as the service.</summary>
    public TimeSpan HandshakeTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How long a negotiated connection id waits for its WebSocket.</summary>
    public TimeSpan NegotiationLifetime { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long one upstream call may take.</summary>
    public TimeSpan UpstreamTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The largest message a client may send, and the largest REST body: 1 MiB.</summary>
    public int MaxMessageSize { get; set; } = 1024 * 1024;

    /// <summary>Messages waiting to be written to one connection before it is closed as too slow.</summary>
    public int OutboundQueueCapacity { get; set; } = 1000;
}

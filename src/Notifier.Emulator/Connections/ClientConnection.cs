using System.Net.WebSockets;
using System.Security.Cryptography;
using Notifier.Azure.WebPubSub.Protocol;
using Notifier.Emulator.Permissions;
using Notifier.Emulator.Protocols;

namespace Notifier.Emulator.Connections;

/// <summary>
/// A logical client connection: identity, groups, permissions and, for the reliable protocol, the sequence and the
/// unacknowledged messages. It outlives its WebSocket while a reliable client is recovering; it ends exactly once,
/// and ending removes it from its hub and raises <c>disconnected</c>.
/// </summary>
internal sealed class ClientConnection
{
    private readonly Lock _lock = new();
    private HashSet<string>? _groups;
    private readonly ReliableBuffer? _reliable;
    private readonly IDisconnectionHandler _events;
    private readonly TimeProvider _timeProvider;
    private readonly TimeSpan _recoveryWindow;
    private ConnectionTransport? _transport;
    private AckIdCache? _ackIds;
    private ulong _lastSequenceId;
    private ITimer? _recoveryTimer;
    private bool _ended;

    public ClientConnection(
        Hub hub,
        string connectionId,
        string? userId,
        ClientProtocol protocol,
        string? subprotocol,
        PermissionSet permissions,
        ConnectionSettings settings,
        IDisconnectionHandler events,
        TimeProvider timeProvider)
    {
        Hub = hub;
        ConnectionId = connectionId;
        UserId = userId;
        Protocol = protocol;
        Subprotocol = subprotocol;
        Permissions = permissions;
        _events = events;
        _timeProvider = timeProvider;
        _recoveryWindow = settings.RecoveryWindow;
        if (protocol == ClientProtocol.JsonReliable)
        {
            _reliable = new ReliableBuffer(settings.ReliableBufferMessages, settings.ReliableBufferBytes);
            ReconnectionToken = Convert.ToBase64String(RandomNumberGenerator.GetBytes(24));
        }
    }

    public Hub Hub { get; }

    public string ConnectionId { get; }

    public string? UserId { get; }

    public ClientProtocol Protocol { get; }

    /// <summary>The subprotocol selected at the handshake (may be a custom one for raw clients).</summary>
    public string? Subprotocol { get; }

    public PermissionSet Permissions { get; }

    /// <summary>The event handler's opaque connection state (<c>ce-connectionState</c>).</summary>
    public string? State { get; set; }

    /// <summary>For the reliable protocol: the secret a client presents to recover this connection.</summary>
    public string? ReconnectionToken { get; }

    /// <summary>Ack ids seen; made on first use (only the receive loop uses it), since most clients never send one.</summary>
    public AckIdCache AckIds => _ackIds ??= new AckIdCache();

    public bool IsEnded
    {
        get
        {
            lock (_lock)
            {
                return _ended;
            }
        }
    }

    /// <summary>The groups this connection is in. Changed only by <see cref="Connections.Hub"/>, under its membership lock.</summary>
    public IReadOnlyCollection<string> Groups
    {
        get
        {
            lock (_lock)
            {
                return _groups is null ? [] : [.. _groups];
            }
        }
    }

    /// <summary>How many groups the connection is in, without copying them (OData <c>length(groups)</c>).</summary>
    public int GroupCount
    {
        get
        {
            lock (_lock)
            {
                return _groups?.Count ?? 0;
            }
        }
    }

    public bool IsInGroup(string group)
    {
        lock (_lock)
        {
            return _groups?.Contains(group) ?? false;
        }
    }

    internal bool AddGroup(string group)
    {
        lock (_lock)
        {
            return (_groups ??= new HashSet<string>(StringComparer.Ordinal)).Add(group);
        }
    }

    internal bool RemoveGroup(string group)
    {
        lock (_lock)
        {
            return _groups?.Remove(group) ?? false;
        }
    }

    internal string[] ClearGroups()
    {
        lock (_lock)
        {
            string[] groups = _groups is null ? [] : [.. _groups];
            _groups = null;
            return groups;
        }
    }

    /// <summary>Queues a shared message. Never blocks; a client that cannot keep up is closed.</summary>
    public void Send(OutboundMessage message)
    {
        if (_reliable is null)
        {
            var transport = Volatile.Read(ref _transport);
            if (transport is not null && !transport.TryEnqueue(OutboundFrame.ForMessage(message)) && !transport.IsClosing)
            {
                CloseSlowClient(transport);
            }

            return;
        }

        bool overflow;
        lock (_lock)
        {
            if (_ended)
            {
                return;
            }

            var sequenceId = ++_lastSequenceId;
            overflow = !_reliable.TryAdd(sequenceId, message);
            if (!overflow && _transport is { } transport && !transport.TryEnqueue(OutboundFrame.ForMessage(message, sequenceId)) && !transport.IsClosing)
            {
                overflow = true;
            }
        }

        if (overflow)
        {
            // The service drops a reliable connection whose buffer overflows and does not let it recover.
            Close(WebPubSubCloseStatus.SessionEnded, "The connection's message buffer is full; it cannot be recovered.");
        }
    }

    /// <summary>Queues per-connection bytes (system messages, acks, pong) on the current WebSocket, if any.</summary>
    public void SendControl(byte[] frame)
    {
        var transport = Volatile.Read(ref _transport);
        if (transport is not null && !transport.TryEnqueue(OutboundFrame.ForControl(frame)) && !transport.IsClosing)
        {
            CloseSlowClient(transport);
        }
    }

    /// <summary>A cumulative <c>sequenceAck</c>.</summary>
    public void Acknowledge(ulong sequenceId)
    {
        if (_reliable is null)
        {
            return;
        }

        lock (_lock)
        {
            _reliable.AcknowledgeThrough(sequenceId);
        }
    }

    /// <summary>
    /// Puts a WebSocket under this connection: first at the handshake, later when a reliable client recovers. Any
    /// unacknowledged messages are queued on it first, in order, so nothing sent meanwhile is lost or reordered.
    /// </summary>
    public bool Attach(ConnectionTransport transport)
    {
        lock (_lock)
        {
            if (_ended)
            {
                return false;
            }

            _recoveryTimer?.Dispose();
            _recoveryTimer = null;
            _transport?.Abort();
            _transport = transport;
            if (_reliable is not null)
            {
                foreach (var (sequenceId, message) in _reliable.Pending)
                {
                    transport.TryEnqueue(OutboundFrame.ForMessage(message, sequenceId));
                }
            }

            return true;
        }
    }

    /// <summary>
    /// The WebSocket ended without the server asking for it. A clean client close, or any loss on a non-reliable
    /// connection, ends the connection; a reliable connection waits for its client to recover it.
    /// </summary>
    public void TransportEnded(ConnectionTransport transport, bool closedByClient, string? reason)
    {
        lock (_lock)
        {
            if (_ended || !ReferenceEquals(_transport, transport))
            {
                return;
            }

            _transport = null;
            if (_reliable is not null && !closedByClient)
            {
                _recoveryTimer = _timeProvider.CreateTimer(
                    static state => ((ClientConnection)state!).End("Connection recovery timed out."),
                    this,
                    _recoveryWindow,
                    Timeout.InfiniteTimeSpan);
                return;
            }
        }

        End(reason);
    }

    /// <summary>
    /// Closes the connection from the server side (REST close, policy): JSON clients first get
    /// <c>system/disconnected</c> with the reason; then the WebSocket is closed and the connection ends.
    /// </summary>
    public void Close(WebSocketCloseStatus status, string? reason)
    {
        ConnectionTransport? transport;
        lock (_lock)
        {
            if (_ended)
            {
                return;
            }

            transport = _transport;
        }

        if (transport is not null)
        {
            if (Protocol != ClientProtocol.Raw)
            {
                transport.TryEnqueue(OutboundFrame.ForControl(JsonProtocolWriter.Disconnected(reason)));
            }

            _ = transport.CloseAsync(status, reason);
        }

        End(reason);
    }

    private const string SlowClientReason = "SlowClient: the client is not reading its messages fast enough.";

    private void CloseSlowClient(ConnectionTransport transport)
    {
        transport.CloseNow(WebPubSubCloseStatus.SessionEnded, SlowClientReason);
        End(SlowClientReason);
    }

    private void End(string? reason)
    {
        lock (_lock)
        {
            if (_ended)
            {
                return;
            }

            _ended = true;
            _recoveryTimer?.Dispose();
            _recoveryTimer = null;
        }

        Hub.Remove(this);
        _events.OnDisconnected(this, reason);
    }
}

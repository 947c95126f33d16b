using System.Buffers;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Notifier.Azure.WebPubSub.Protocol;
using Notifier.Emulator.Authentication;
using Notifier.Emulator.Connections;
using Notifier.Emulator.Hosting;
using Notifier.Emulator.Permissions;
using Notifier.Emulator.Protocols;
using Notifier.Emulator.Upstream;

namespace Notifier.Emulator.ClientEndpoint;

/// <summary>
/// The client endpoint: authenticates the handshake (or recovers a reliable connection), runs the blocking
/// <c>connect</c> event, upgrades, and then reads the client's frames until the connection ends.
/// </summary>
internal sealed partial class ClientConnectionHandler
{
    private const int ReceiveBufferSize = 4096;

    private readonly HubRegistry _hubs;
    private readonly AccessTokenValidator _tokens;
    private readonly IEventHandlerInvoker _events;
    private readonly IOptionsMonitor<EmulatorOptions> _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<ClientConnectionHandler> _logger;

    public ClientConnectionHandler(
        HubRegistry hubs,
        AccessTokenValidator tokens,
        IEventHandlerInvoker events,
        IOptionsMonitor<EmulatorOptions> options,
        TimeProvider timeProvider,
        ILogger<ClientConnectionHandler> logger)
    {
        _hubs = hubs;
        _tokens = tokens;
        _events = events;
        _options = options;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary>Serves one client from its handshake to its end (the HTTP pipeline's path).</summary>
    public async Task HandleAsync(HttpContext context, string hubName)
    {
        if (await AcceptAsync(context, hubName).ConfigureAwait(false) is { } accepted)
        {
            await RunAsync(accepted).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The handshake: authenticates (or recovers a reliable connection), runs <c>connect</c> and upgrades. Null when the
    /// client was refused; the refusal is written to <paramref name="context"/>'s response.
    /// </summary>
    public async Task<AcceptedConnection?> AcceptAsync(HttpContext context, string hubName)
    {
        if (!WebPubSubNames.IsValidHub(hubName))
        {
            await RefuseAsync(context, StatusCodes.Status400BadRequest, $"'{hubName}' is not a valid hub name.").ConfigureAwait(false);
            return null;
        }

        if (!WebSocketHandshake.IsWebSocketRequest(context))
        {
            await RefuseAsync(context, StatusCodes.Status400BadRequest, "The client endpoint accepts WebSocket upgrade requests only.").ConfigureAwait(false);
            return null;
        }

        IdleCollector.OnHandshake();
        var hub = _hubs.GetOrAdd(hubName);
        var query = context.Request.Query;
        return query.ContainsKey("awps_connection_id") || query.ContainsKey("awps_reconnection_token")
            ? await RecoverAsync(context, hub).ConfigureAwait(false)
            : await ConnectAsync(context, hub).ConfigureAwait(false);
    }

    /// <summary>
    /// Runs an accepted connection until its WebSocket ends. Only what the connection needs is held from here on: the
    /// handshake's state (token claims, the connect request and answer, the request itself) is gone, which keeps idle
    /// connections small.
    /// </summary>
    public async Task RunAsync(AcceptedConnection accepted)
    {
        var (connection, transport, mode) = accepted;
        var (closedByClient, reason) = await ReceiveAsync(connection, transport, mode, _options.CurrentValue.MaxMessageSize).ConfigureAwait(false);
        connection.TransportEnded(transport, closedByClient, reason);
        await transport.CloseAsync(WebPubSubCloseStatus.Closed, null).ConfigureAwait(false);
        Log.TransportClosed(_logger, connection.Hub.Name, connection.ConnectionId, reason);
    }

    private async Task<AcceptedConnection?> ConnectAsync(HttpContext context, Hub hub)
    {
        var options = _options.CurrentValue;
        var token = ReadToken(context.Request);
        if (!_tokens.TryValidateClientToken(token, hub.Name, out var claims, out var tokenError))
        {
            Log.Unauthorized(_logger, hub.Name, tokenError);
            await RefuseAsync(context, StatusCodes.Status401Unauthorized, tokenError).ConfigureAwait(false);
            return null;
        }

        if (UserIds.HasControlCharacters(claims.UserId))
        {
            Log.Unauthorized(_logger, hub.Name, "the token's user id (sub) contains control characters");
            await RefuseAsync(context, StatusCodes.Status400BadRequest, "The token's user id (sub) must not contain control characters.").ConfigureAwait(false);
            return null;
        }

        if (claims.Groups.FirstOrDefault(g => !WebPubSubNames.IsValidGroup(g)) is { } badGroup)
        {
            await RefuseAsync(context, StatusCodes.Status400BadRequest, $"The token's group '{badGroup}' is not a valid group name.").ConfigureAwait(false);
            return null;
        }

        var mode = RawClientMode.SendEvent;
        if (query(context, "webpubsub_mode") is { } modeName)
        {
            if (string.Equals(modeName, "sendToGroup", StringComparison.OrdinalIgnoreCase))
            {
                var group = query(context, "group");
                if (!WebPubSubNames.IsValidGroup(group))
                {
                    await RefuseAsync(context, StatusCodes.Status400BadRequest, "webpubsub_mode=sendToGroup needs a valid 'group' query parameter.").ConfigureAwait(false);
                    return null;
                }

                mode = new RawClientMode(group, string.Equals(query(context, "noEcho"), "true", StringComparison.OrdinalIgnoreCase));
            }
            else if (!string.Equals(modeName, "sendEvent", StringComparison.OrdinalIgnoreCase))
            {
                await RefuseAsync(context, StatusCodes.Status400BadRequest, $"Unknown webpubsub_mode '{modeName}': use sendEvent or sendToGroup.").ConfigureAwait(false);
                return null;
            }
        }

        var offered = WebSocketHandshake.RequestedSubprotocols(context);
        var connectionId = Guid.NewGuid().ToString("N");
        var connect = await _events.ConnectAsync(BuildConnectRequest(context, hub, connectionId, claims, offered), context.RequestAborted).ConfigureAwait(false);
        if (!connect.Accepted)
        {
            Log.ConnectRejected(_logger, hub.Name, connectionId, connect.StatusCode);
            await RefuseAsync(context, connect.StatusCode, null).ConfigureAwait(false);
            return null;
        }

        string? subprotocol;
        if (connect.Subprotocol is { Length: > 0 } chosen)
        {
            if (!offered.Contains(chosen, StringComparer.Ordinal))
            {
                await RefuseAsync(context, StatusCodes.Status500InternalServerError, $"The connect handler chose subprotocol '{chosen}', which the client did not offer.").ConfigureAwait(false);
                return null;
            }

            subprotocol = chosen;
        }
        else
        {
            subprotocol = offered.FirstOrDefault(SupportedSubprotocols.IsSupported);
        }

        var userId = connect.UserId is { Length: > 0 } overridden ? overridden : claims.UserId;
        if (UserIds.HasControlCharacters(userId))
        {
            await RefuseAsync(context, StatusCodes.Status500InternalServerError, "The connect handler returned a user id with control characters.").ConfigureAwait(false);
            return null;
        }

        var roles = connect.Roles ?? claims.Roles;
        var groups = connect.Groups is { Count: > 0 } connectGroups ? connectGroups : claims.Groups;
        if (groups.FirstOrDefault(g => !WebPubSubNames.IsValidGroup(g)) is { } invalidGroup)
        {
            await RefuseAsync(context, StatusCodes.Status500InternalServerError, $"The connect handler returned the invalid group name '{invalidGroup}'.").ConfigureAwait(false);
            return null;
        }

        var protocol = SupportedSubprotocols.ToProtocol(subprotocol);
        var connection = new ClientConnection(hub, connectionId, userId, protocol, subprotocol, new PermissionSet(roles), ConnectionSettings.From(options), _events, _timeProvider);
        if (connect.StateSet)
        {
            connection.State = connect.State;
        }

        var transport = await AcceptAsync(context, subprotocol, protocol, options).ConfigureAwait(false);
        connection.Attach(transport);
        if (protocol != ClientProtocol.Raw)
        {
            connection.SendControl(JsonProtocolWriter.Connected(connectionId, userId, connection.ReconnectionToken));
        }

        hub.Add(connection, groups);
        Log.Connected(_logger, hub.Name, connectionId, userId, subprotocol);
        _events.OnConnected(connection);
        return new AcceptedConnection(connection, transport, mode);

        static string? query(HttpContext context, string name) =>
            context.Request.Query.TryGetValue(name, out var value) ? value.ToString() : null;
    }

    private async Task<AcceptedConnection?> RecoverAsync(HttpContext context, Hub hub)
    {
        var options = _options.CurrentValue;
        var connectionId = context.Request.Query["awps_connection_id"].ToString();
        var presented = context.Request.Query["awps_reconnection_token"].ToString();
        var recoverable = hub.TryGetConnection(connectionId, out var connection)
            && connection.Protocol == ClientProtocol.JsonReliable
            && connection.ReconnectionToken is { } expected
            && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(expected), Encoding.UTF8.GetBytes(presented));

        var offered = WebSocketHandshake.RequestedSubprotocols(context);
        var subprotocol = recoverable && offered.Contains(connection!.Subprotocol!, StringComparer.Ordinal)
            ? connection.Subprotocol
            : offered.FirstOrDefault(SupportedSubprotocols.IsSupported);
        var transport = await AcceptAsync(context, subprotocol, ClientProtocol.JsonReliable, options).ConfigureAwait(false);

        // Recovery failures still upgrade, then close with 1008 so the client knows to start over with a new token.
        if (!recoverable || subprotocol != connection!.Subprotocol || !connection.Attach(transport))
        {
            Log.RecoveryRefused(_logger, hub.Name, connectionId);
            await transport.CloseAsync(WebPubSubCloseStatus.SessionEnded, "The connection cannot be recovered.").ConfigureAwait(false);
            await DrainUntilClosedAsync(transport.Socket).ConfigureAwait(false);
            return null;
        }

        Log.Recovered(_logger, hub.Name, connectionId);
        return new AcceptedConnection(connection, transport, RawClientMode.SendEvent);
    }

    private static async Task<ConnectionTransport> AcceptAsync(HttpContext context, string? subprotocol, ClientProtocol protocol, EmulatorOptions options)
    {
        var upgraded = await WebSocketHandshake.AcceptAsync(context, subprotocol).ConfigureAwait(false);
        var stream = new CoalescingWriteStream(upgraded);
        var socket = WebSocket.CreateFromStream(stream, new WebSocketCreationOptions
        {
            IsServer = true,
            SubProtocol = subprotocol,
            KeepAliveInterval = options.KeepAliveInterval,
            KeepAliveTimeout = options.ClientTimeout,
        });
        return new ConnectionTransport(socket, stream, protocol, options.OutboundQueueCapacity);
    }

    /// <summary>Reads frames until the WebSocket closes; returns whether the client closed it normally, and why it ended.</summary>
    private async Task<(bool ClosedByClient, string? Reason)> ReceiveAsync(ClientConnection connection, ConnectionTransport transport, RawClientMode mode, int maxMessageSize)
    {
        // No cancellation token: a lost connection already fails the pending receive, and a token registration would
        // be held by every idle connection.
        var aborted = CancellationToken.None;
        var socket = transport.Socket;
        try
        {
            while (true)
            {
                // A zero-byte read waits for the next frame without holding a buffer, so idle connections hold none.
                var first = await socket.ReceiveAsync(Memory<byte>.Empty, aborted).ConfigureAwait(false);
                if (first.MessageType == WebSocketMessageType.Close)
                {
                    return ClientClosed(socket);
                }

                if (first.EndOfMessage)
                {
                    await OnMessageAsync(connection, first.MessageType, ReadOnlyMemory<byte>.Empty, mode, aborted).ConfigureAwait(false);
                    continue;
                }

                var buffer = ArrayPool<byte>.Shared.Rent(ReceiveBufferSize);
                try
                {
                    var length = 0;
                    ValueWebSocketReceiveResult result;
                    do
                    {
                        if (length == buffer.Length)
                        {
                            var larger = ArrayPool<byte>.Shared.Rent(Math.Min(buffer.Length * 2, maxMessageSize + 1));
                            buffer.AsSpan(0, length).CopyTo(larger);
                            ArrayPool<byte>.Shared.Return(buffer);
                            buffer = larger;
                        }

                        result = await socket.ReceiveAsync(buffer.AsMemory(length, Math.Min(buffer.Length, maxMessageSize + 1) - length), aborted).ConfigureAwait(false);
                        if (result.MessageType == WebSocketMessageType.Close)
                        {
                            return ClientClosed(socket);
                        }

                        length += result.Count;
                        if (length > maxMessageSize)
                        {
                            const string TooBig = "The message is larger than the 1 MiB the service accepts.";
                            connection.Close(WebPubSubCloseStatus.MessageTooBig, TooBig);
                            return (false, TooBig);
                        }
                    }
                    while (!result.EndOfMessage);

                    await OnMessageAsync(connection, first.MessageType, buffer.AsMemory(0, length), mode, aborted).ConfigureAwait(false);
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                }

                if (transport.IsClosing)
                {
                    return (false, null);
                }
            }
        }
        catch (Exception e) when (e is WebSocketException or IOException or OperationCanceledException or ObjectDisposedException)
        {
            return (false, "The connection was lost.");
        }
    }

    private static (bool, string?) ClientClosed(WebSocket socket) =>
        (socket.CloseStatus == WebSocketCloseStatus.NormalClosure, socket.CloseStatusDescription is { Length: > 0 } d ? d : "The client closed the connection.");

    private async Task OnMessageAsync(ClientConnection connection, WebSocketMessageType type, ReadOnlyMemory<byte> frame, RawClientMode mode, CancellationToken aborted)
    {
        try
        {
            if (connection.Protocol == ClientProtocol.Raw)
            {
                await OnRawMessageAsync(connection, type, frame, mode, aborted).ConfigureAwait(false);
            }
            else if (type != WebSocketMessageType.Text)
            {
                connection.Close(WebPubSubCloseStatus.InvalidMessageType, "The JSON subprotocols accept text frames only.");
            }
            else
            {
                await OnJsonMessageAsync(connection, frame, aborted).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Log.MessageFailed(_logger, connection.Hub.Name, connection.ConnectionId, e);
        }
    }

    private async Task OnRawMessageAsync(ClientConnection connection, WebSocketMessageType type, ReadOnlyMemory<byte> frame, RawClientMode mode, CancellationToken aborted)
    {
        var dataType = type == WebSocketMessageType.Binary ? MessageDataType.Binary : MessageDataType.Text;
        if (mode.SendToGroup is { } group)
        {
            if (!connection.Permissions.CanSendTo(group))
            {
                Log.Forbidden(_logger, connection.Hub.Name, connection.ConnectionId, "sendToGroup", group);
                return;
            }

            var message = OutboundMessage.FromGroup(group, connection.UserId, dataType, frame.ToArray());
            Hub.Send(connection.Hub.GroupConnections(group), message, mode.NoEcho ? c => !ReferenceEquals(c, connection) : null);
            return;
        }

        var result = await _events.UserEventAsync(connection, "message", dataType, frame, aborted).ConfigureAwait(false);
        ApplyState(connection, result.StateSet, result.State);
        if (!result.Succeeded)
        {
            connection.Close(WebPubSubCloseStatus.ServerError, result.Error);
            return;
        }

        if (result.Reply is { } reply)
        {
            connection.Send(reply);
        }
    }

    private async Task OnJsonMessageAsync(ClientConnection connection, ReadOnlyMemory<byte> frame, CancellationToken aborted)
    {
        var status = JsonProtocolReader.Read(frame, out var message, out var ackId, out var error);
        if (status == ClientMessageParseStatus.Malformed)
        {
            Log.Malformed(_logger, connection.Hub.Name, connection.ConnectionId, error ?? string.Empty);
            connection.Close(WebPubSubCloseStatus.InvalidPayload, "The client message is not a valid JSON protocol message: " + error);
            return;
        }

        if (status == ClientMessageParseStatus.Invalid)
        {
            Ack(connection, ackId, AckErrorNames.InvalidData, error);
            return;
        }

        switch (message!.Type)
        {
            case ClientMessageType.Ping:
                connection.SendControl(JsonProtocolWriter.Pong);
                return;
            case ClientMessageType.SequenceAck:
                connection.Acknowledge(message.SequenceId);
                return;
        }

        if (ackId is ulong id && !connection.AckIds.TryAdd(id))
        {
            Ack(connection, id, AckErrorNames.Duplicate, $"Message with ack-id: {id} has been processed.");
            return;
        }

        switch (message.Type)
        {
            case ClientMessageType.JoinGroup:
            case ClientMessageType.LeaveGroup:
                var group = message.Group!;
                if (!connection.Permissions.CanJoinLeave(group))
                {
                    Ack(connection, ackId, AckErrorNames.Forbidden, $"The connection has no permission to join or leave group '{group}'.");
                    return;
                }

                if (message.Type == ClientMessageType.JoinGroup)
                {
                    connection.Hub.AddToGroup(connection, group);
                }
                else
                {
                    connection.Hub.RemoveFromGroup(connection, group);
                }

                Ack(connection, ackId, null, null);
                return;

            case ClientMessageType.SendToGroup:
                if (!connection.Permissions.CanSendTo(message.Group!))
                {
                    Ack(connection, ackId, AckErrorNames.Forbidden, $"The connection has no permission to send to group '{message.Group}'.");
                    return;
                }

                var outbound = OutboundMessage.FromGroup(message.Group!, connection.UserId, message.DataType, message.Data);
                Hub.Send(connection.Hub.GroupConnections(message.Group!), outbound, message.NoEcho ? c => !ReferenceEquals(c, connection) : null);
                Ack(connection, ackId, null, null);
                return;

            case ClientMessageType.Event:
                var result = await _events.UserEventAsync(connection, message.Event!, message.DataType, message.Data, aborted).ConfigureAwait(false);
                ApplyState(connection, result.StateSet, result.State);
                if (!result.Succeeded)
                {
                    Ack(connection, ackId, AckErrorNames.InternalServerError, result.Error);
                    return;
                }

                // The service delivers the handler's reply before the ack.
                if (result.Reply is { } reply)
                {
                    connection.Send(reply);
                }

                Ack(connection, ackId, null, null);
                return;
        }
    }

    private static void Ack(ClientConnection connection, ulong? ackId, string? error, string? message)
    {
        if (ackId is ulong id)
        {
            connection.SendControl(JsonProtocolWriter.Ack(id, error, message));
        }
    }

    private static void ApplyState(ClientConnection connection, bool stateSet, string? state)
    {
        if (stateSet)
        {
            connection.State = state;
        }
    }

    private static ConnectRequest BuildConnectRequest(HttpContext context, Hub hub, string connectionId, ClientTokenClaims claims, List<string> offered)
    {
        var query = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var (key, value) in context.Request.Query)
        {
            if (!string.Equals(key, "access_token", StringComparison.Ordinal))
            {
                query[key] = [.. value.Select(v => v ?? string.Empty)];
            }
        }

        var headers = new Dictionary<string, string[]>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in context.Request.Headers)
        {
            if (!string.Equals(key, "Authorization", StringComparison.OrdinalIgnoreCase))
            {
                headers[key] = [.. value.Select(v => v ?? string.Empty)];
            }
        }

        return new ConnectRequest
        {
            Hub = hub.Name,
            ConnectionId = connectionId,
            UserId = claims.UserId,
            Claims = claims.All,
            Query = query,
            Headers = headers,
            Subprotocols = offered,
        };
    }

    private static string? ReadToken(HttpRequest request)
    {
        if (request.Query.TryGetValue("access_token", out var token) && !string.IsNullOrEmpty(token))
        {
            return token.ToString();
        }

        var authorization = request.Headers.Authorization.ToString();
        return authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? authorization["Bearer ".Length..].Trim() : null;
    }

    private static async Task RefuseAsync(HttpContext context, int statusCode, string? message)
    {
        context.Response.StatusCode = statusCode;
        if (message is not null)
        {
            context.Response.ContentType = "text/plain; charset=utf-8";
            await context.Response.WriteAsync(message, context.RequestAborted).ConfigureAwait(false);
        }
    }

    private static async Task DrainUntilClosedAsync(WebSocket socket)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            var scratch = new byte[256];
            while (socket.State is WebSocketState.Open or WebSocketState.CloseSent)
            {
                var result = await socket.ReceiveAsync(scratch, timeout.Token).ConfigureAwait(false);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return;
                }
            }
        }
        catch (Exception e) when (e is WebSocketException or IOException or OperationCanceledException)
        {
            socket.Abort();
        }
    }
}

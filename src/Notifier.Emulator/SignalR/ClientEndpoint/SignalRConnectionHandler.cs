using System.Buffers;
using System.Net.WebSockets;
using Microsoft.Extensions.Options;
using Notifier.Azure.SignalR.Protocol;
using Notifier.Emulator.ClientEndpoint;
using Notifier.Emulator.SignalR.Authentication;
using Notifier.Emulator.SignalR.Connections;
using Notifier.Emulator.SignalR.Hosting;
using Notifier.Emulator.SignalR.Upstream;

namespace Notifier.Emulator.SignalR.ClientEndpoint;

/// <summary>
/// The WebSocket transport of the SignalR mode, <c>GET /client/?hub=…&amp;id=…</c>: checks the negotiated id and the
/// token again, upgrades, runs the JSON hub protocol handshake, then reads the client's records until the connection
/// ends, pinging it on an interval and closing it when it falls silent. Upstream hears <c>connected</c> before any of
/// the client's invocations and <c>disconnected</c> after the last, each connection's events strictly in order.
/// </summary>
internal sealed partial class SignalRConnectionHandler
{
    // Sent to every connection: made once.
    private static readonly byte[] PingRecord = HubMessageWriter.Ping.ToArray();
    private static readonly byte[] HandshakeAcceptedRecord = HubMessageWriter.HandshakeAccepted.ToArray();

    private readonly SignalRHubRegistry _hubs;
    private readonly NegotiatedConnections _negotiations;
    private readonly SignalRTokenValidator _tokens;
    private readonly SignalRUpstreamInvoker _upstream;
    private readonly IOptionsMonitor<SignalROptions> _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<SignalRConnectionHandler> _logger;

    public SignalRConnectionHandler(
        SignalRHubRegistry hubs,
        NegotiatedConnections negotiations,
        SignalRTokenValidator tokens,
        SignalRUpstreamInvoker upstream,
        IOptionsMonitor<SignalROptions> options,
        TimeProvider timeProvider,
        ILogger<SignalRConnectionHandler> logger)
    {
        _hubs = hubs;
        _negotiations = negotiations;
        _tokens = tokens;
        _upstream = upstream;
        _options = options;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary>True for the requests this handler serves: SignalR transports carry the negotiated <c>id</c>.</summary>
    public static bool IsSignalRRequest(HttpRequest request) => request.Query.ContainsKey("id");

    public async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var hubName = request.Query["hub"].ToString();
        if (!SignalRNames.IsValidHub(hubName))
        {
            await RefuseAsync(context, StatusCodes.Status400BadRequest, $"'{hubName}' is not a valid hub name.").ConfigureAwait(false);
            return;
        }

        var hub = _hubs.GetOrAdd(hubName);
        if (!WebSocketHandshake.IsWebSocketRequest(context))
        {
            await RefuseAsync(context, StatusCodes.Status400BadRequest, "Only the WebSockets transport is supported: open a WebSocket to this URL.").ConfigureAwait(false);
            return;
        }

        // The token first: a request without a valid one must not use up someone's negotiated id.
        if (!_tokens.TryValidateClientToken(BearerToken.FromHeaderOrQuery(request), hub.Name, out var payload, out var error))
        {
            await RefuseAsync(context, StatusCodes.Status401Unauthorized, error).ConfigureAwait(false);
            return;
        }

        if (_negotiations.Take(request.Query["id"].ToString()) is not { } negotiated || negotiated.Hub != hub.Name)
        {
            await RefuseAsync(context, StatusCodes.Status404NotFound, "No Connection with that ID: negotiate first, and open the WebSocket once.").ConfigureAwait(false);
            return;
        }

        if (payload.UserId != negotiated.UserId)
        {
            await RefuseAsync(context, StatusCodes.Status401Unauthorized, "The token is not for the user this connection was negotiated for.").ConfigureAwait(false);
            return;
        }

        var options = _options.CurrentValue;
        using var connection = new SignalRConnection(hub, negotiated.ConnectionId, payload.UserId, payload.Claims, ClientQuery(request), options.OutboundQueueCapacity, _timeProvider);
        var stream = await WebSocketHandshake.AcceptAsync(context, subprotocol: null).ConfigureAwait(false);
        using var socket = WebSocket.CreateFromStream(stream, new WebSocketCreationOptions { IsServer = true, KeepAliveInterval = Timeout.InfiniteTimeSpan });
        await RunAsync(connection, socket, options).ConfigureAwait(false);
    }

    private async Task RunAsync(SignalRConnection connection, WebSocket socket, SignalROptions options)
    {
        var records = new RecordBuffer(options.MaxMessageSize);
        var writer = connection.RunWriterAsync(socket);
        string? error;
        if (await HandshakeAsync(connection, socket, records, options).ConfigureAwait(false) is { } refused)
        {
            error = refused;
            Log.HandshakeFailed(_logger, connection.Hub.Name, connection.ConnectionId, refused);
        }
        else
        {
            connection.Hub.Add(connection);
            Log.Connected(_logger, connection.Hub.Name, connection.ConnectionId, connection.UserId);
            var keepAlive = KeepAliveAsync(connection, options);
            await _upstream.ConnectedAsync(connection, connection.Aborted).ConfigureAwait(false);
            error = await ReceiveAsync(connection, socket, records).ConfigureAwait(false);
            connection.Hub.Remove(connection);
            connection.Complete();
            await keepAlive.ConfigureAwait(false);
            await writer.ConfigureAwait(false);
            Log.Disconnected(_logger, connection.Hub.Name, connection.ConnectionId, error ?? "closed");
            await _upstream.DisconnectedAsync(connection, error, CancellationToken.None).ConfigureAwait(false);
            return;
        }

        connection.Complete();
        await writer.ConfigureAwait(false);
    }

    /// <summary>The handshake: the first record must ask for the JSON protocol, version 1. Null on success, else why not.</summary>
    private static async Task<string?> HandshakeAsync(SignalRConnection connection, WebSocket socket, RecordBuffer records, SignalROptions options)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(connection.Aborted);
        timeout.CancelAfter(options.HandshakeTimeout);
        ReadOnlyMemory<byte> record;
        try
        {
            while (!records.TryTake(out record))
            {
                var result = await socket.ReceiveAsync(records.GetMemory(), timeout.Token).ConfigureAwait(false);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return "The client closed before its handshake.";
                }

                records.Advance(result.Count);
                if (records.IsOverLimit)
                {
                    return "The handshake is too large.";
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException or IOException)
        {
            var reason = timeout.IsCancellationRequested && !connection.Aborted.IsCancellationRequested
                ? $"No handshake within {options.HandshakeTimeout.TotalSeconds:0} seconds."
                : "The connection ended during the handshake.";
            return reason;
        }

        string? refusal = null;
        if (!HandshakeRequest.TryParse(record.Span, out var handshake, out var parseError))
        {
            refusal = parseError;
        }
        else if (handshake.Protocol != HandshakeRequest.JsonProtocol)
        {
            refusal = $"Requested protocol '{handshake.Protocol}' is not available.";
        }
        else if (handshake.Version != 1)
        {
            refusal = $"The server does not support version {handshake.Version} of the '{handshake.Protocol}' protocol.";
        }

        if (refusal is not null)
        {
            connection.Send(HubMessageWriter.HandshakeRefused(refusal));
            return refusal;
        }

        connection.Send(HandshakeAcceptedRecord);
        connection.Touch();
        return null;
    }

    /// <summary>Reads records until the connection ends; returns the error it ended with, null when it closed cleanly.</summary>
    private async Task<string?> ReceiveAsync(SignalRConnection connection, WebSocket socket, RecordBuffer records)
    {
        try
        {
            while (true)
            {
                // Records that arrived with the handshake are handled before anything more is read.
                while (records.TryTake(out var record))
                {
                    if (await DispatchAsync(connection, record).ConfigureAwait(false) is { } closing)
                    {
                        return closing.Length == 0 ? null : closing;
                    }
                }

                var result = await socket.ReceiveAsync(records.GetMemory(), connection.Aborted).ConfigureAwait(false);
                connection.Touch();
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return connection.CloseError;
                }

                if (result.MessageType == WebSocketMessageType.Binary)
                {
                    return CloseWithError(connection, "Binary frames are not part of the JSON hub protocol.");
                }

                records.Advance(result.Count);
                if (records.IsOverLimit)
                {
                    return CloseWithError(connection, "The message is larger than the server accepts.");
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException or IOException)
        {
            return connection.CloseError ?? "The connection was lost.";
        }
    }

    /// <summary>Handles one record. Null to go on; an empty string when the client closed cleanly; else the error the connection closes with.</summary>
    private async Task<string?> DispatchAsync(SignalRConnection connection, ReadOnlyMemory<byte> record)
    {
        if (!HubMessage.TryParse(new ReadOnlySequence<byte>(record), ignoreCase: false, out var message, out var error))
        {
            return CloseWithError(connection, "Connection closed with an error. " + error);
        }

        switch (message.Type)
        {
            case HubMessageType.Ping:
                return null;
            case HubMessageType.Close:
                return string.Empty;
            case HubMessageType.Invocation when message.HasStreamIds:
                Complete(connection, message, "Client-to-server streaming is not supported in serverless mode.");
                return null;
            case HubMessageType.Invocation:
                if (await _upstream.InvokeAsync(connection, message, record, connection.Aborted).ConfigureAwait(false) is { } completion)
                {
                    connection.Send(completion);
                }

                return null;
            case HubMessageType.StreamInvocation:
                Complete(connection, message, "Stream invocations are not supported in serverless mode.");
                return null;
            default:
                // Completions of server-to-client invocations, stream items, cancels and stateful-reconnect messages
                // belong to features the serverless mode does not offer here; they are dropped.
                Log.Ignored(_logger, connection.ConnectionId, (int)message.Type);
                return null;
        }
    }

    private static void Complete(SignalRConnection connection, HubMessage message, string error)
    {
        if (message.InvocationId is { } id)
        {
            connection.Send(HubMessageWriter.CompletionWithError(id, error));
        }
    }

    private static string CloseWithError(SignalRConnection connection, string error)
    {
        connection.Close(error, allowReconnect: false);
        return error;
    }

    /// <summary>Pings on the interval, and closes a connection that stayed silent past the client timeout.</summary>
    private async Task KeepAliveAsync(SignalRConnection connection, SignalROptions options)
    {
        using var timer = new PeriodicTimer(options.KeepAliveInterval, _timeProvider);
        try
        {
            while (!connection.IsClosing && await timer.WaitForNextTickAsync(connection.Aborted).ConfigureAwait(false))
            {
                if (connection.Silence > options.ClientTimeout)
                {
                    Log.TimedOut(_logger, connection.Hub.Name, connection.ConnectionId);
                    connection.Close($"Server timeout: nothing received from the client for {options.ClientTimeout.TotalSeconds:0} seconds.", allowReconnect: true);
                    return;
                }

                connection.Send(PingRecord);
            }
        }
        catch (OperationCanceledException)
        {
            // The connection ended.
        }
    }

    /// <summary>The query for upstream's <c>X-ASRS-Client-Query</c>, without the token: upstream is told who the user is, not given the credential.</summary>
    private static string ClientQuery(HttpRequest request)
    {
        var pairs = request.Query.Where(p => p.Key != "access_token")
            .SelectMany(p => p.Value.Select(v => Uri.EscapeDataString(p.Key) + "=" + Uri.EscapeDataString(v ?? string.Empty)));
        return string.Join('&', pairs);
    }

    private Task RefuseAsync(HttpContext context, int statusCode, string message)
    {
        Log.Refused(_logger, statusCode, message);
        context.Response.StatusCode = statusCode;
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync(message, context.RequestAborted);
    }
}

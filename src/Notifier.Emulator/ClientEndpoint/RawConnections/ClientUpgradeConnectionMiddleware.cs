using System.Text;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Notifier.Emulator.Hosting;

namespace Notifier.Emulator.ClientEndpoint.RawConnections;

/// <summary>
/// Takes client WebSocket upgrades off Kestrel's HTTP layer. It peeks at the first request of each new connection
/// without consuming it: a <c>GET /client…</c> upgrade is handled here, on the raw transport, so the connection does
/// not keep an HTTP/1.1 request (its connection object, header collections, context, activity and strings) alive for
/// its whole life, and writes go straight into the transport's pipe. Everything else — REST calls, health checks,
/// anything unexpected — goes on to the HTTP pipeline untouched, where the same client endpoint still serves upgrades
/// that arrive later on a kept-alive connection.
/// </summary>
internal sealed partial class ClientUpgradeConnectionMiddleware
{
    private static readonly TimeSpan HeadTimeout = TimeSpan.FromSeconds(10);

    private readonly ConnectionDelegate _next;
    private readonly ClientConnectionHandler _handler;
    private readonly IOptionsMonitor<EmulatorOptions> _options;
    private readonly ILogger<ClientUpgradeConnectionMiddleware> _logger;

    public ClientUpgradeConnectionMiddleware(ConnectionDelegate next, ClientConnectionHandler handler, IOptionsMonitor<EmulatorOptions> options, ILogger<ClientUpgradeConnectionMiddleware> logger)
    {
        _next = next;
        _handler = handler;
        _options = options;
        _logger = logger;
    }

    public async Task OnConnectionAsync(ConnectionContext connection)
    {
        if (!_options.CurrentValue.AcceptClientsOnRawConnections)
        {
            await _next(connection).ConfigureAwait(false);
            return;
        }

        var head = await ReadHeadAsync(connection.Transport.Input).ConfigureAwait(false);
        if (head is null)
        {
            await _next(connection).ConfigureAwait(false);
            return;
        }

        try
        {
            if (await AcceptAsync(connection, head).ConfigureAwait(false) is { } accepted)
            {
                await _handler.RunAsync(accepted).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is IOException or ConnectionResetException or OperationCanceledException)
        {
            Log.ConnectionLost(_logger, connection.ConnectionId, e.Message);
        }
    }

    /// <summary>
    /// Runs the client endpoint's handshake on a context made from the raw request head. Kept apart from the
    /// connection's run so that the context, the head and their strings are garbage once the handshake is done.
    /// </summary>
    private async Task<AcceptedConnection?> AcceptAsync(ConnectionContext connection, HandshakeHead head)
    {
        var context = BuildContext(connection, head, out var upgrade);
        var hub = head.Path.StartsWith("/client/hubs/", StringComparison.Ordinal)
            ? Uri.UnescapeDataString(head.Path["/client/hubs/".Length..].TrimEnd('/'))
            : context.Request.Query["hub"].ToString();
        var accepted = await _handler.AcceptAsync(context, hub).ConfigureAwait(false);
        if (!upgrade.Upgraded)
        {
            await WriteResponseAsync(connection, context.Response).ConfigureAwait(false);
        }

        return accepted;
    }

    /// <summary>The head of the first request if it is a client upgrade; null otherwise, with nothing consumed.</summary>
    private static async Task<HandshakeHead?> ReadHeadAsync(System.IO.Pipelines.PipeReader input)
    {
        using var timeout = new CancellationTokenSource(HeadTimeout);
        while (true)
        {
            System.IO.Pipelines.ReadResult result;
            try
            {
                result = await input.ReadAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // A slow head is Kestrel's to time out, with its own limits.
                return null;
            }

            var buffer = result.Buffer;
            var head = HandshakeHead.TryRead(buffer, out var complete, out var headLength);
            if (head is not null)
            {
                input.AdvanceTo(buffer.GetPosition(headLength));
                return head;
            }

            if (complete || result.IsCompleted)
            {
                input.AdvanceTo(buffer.Start);
                return null;
            }

            input.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    private static DefaultHttpContext BuildContext(ConnectionContext connection, HandshakeHead head, out RawUpgradeFeature upgrade)
    {
        var context = new DefaultHttpContext();
        var request = context.Request;
        request.Method = HttpMethods.Get;
        request.Scheme = "http";
        request.Protocol = "HTTP/1.1";
        request.Path = PathString.FromUriComponent(head.Path);
        request.QueryString = new QueryString(head.QueryString);
        foreach (var (name, value) in head.Headers)
        {
            request.Headers.Append(name, value);
        }

        request.Host = new HostString(request.Headers.Host.ToString());
        context.Connection.Id = connection.ConnectionId;
        context.Response.Body = new MemoryStream();
        upgrade = new RawUpgradeFeature(connection, context.Response);
        context.Features.Set<IHttpUpgradeFeature>(upgrade);
        return context;
    }

    private static async Task WriteResponseAsync(ConnectionContext connection, HttpResponse response)
    {
        var body = ((MemoryStream)response.Body).ToArray();
        var head = new StringBuilder()
            .Append("HTTP/1.1 ").Append(response.StatusCode).Append(' ').Append(ReasonPhrases.GetReasonPhrase(response.StatusCode)).Append("\r\n");
        foreach (var (name, values) in response.Headers)
        {
            head.Append(name).Append(": ").Append(values.ToString()).Append("\r\n");
        }

        head.Append("Content-Length: ").Append(body.Length).Append("\r\nConnection: close\r\n\r\n");
        var output = connection.Transport.Output;
        await output.WriteAsync(Encoding.ASCII.GetBytes(head.ToString())).ConfigureAwait(false);
        if (body.Length > 0)
        {
            await output.WriteAsync(body).ConfigureAwait(false);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Debug, "Connection {ConnectionId} ended during its WebSocket handshake: {Reason}")]
        public static partial void ConnectionLost(ILogger logger, string connectionId, string reason);
    }
}

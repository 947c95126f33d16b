using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Notifier.Azure.SignalR.Protocol;
using Notifier.Emulator.SignalR.Authentication;
using Notifier.Emulator.SignalR.Connections;
using Notifier.Emulator.SignalR.Hosting;

namespace Notifier.Emulator.SignalR.ClientEndpoint;

/// <summary>
/// The service's negotiate, <c>POST /client/negotiate?hub=…</c>, the second round after the app's redirect: checks the
/// client token and hands out a connection id (public) and a connection token (secret, the WebSocket's <c>id</c>).
/// Only the WebSockets transport with text frames (the JSON protocol) is offered.
/// </summary>
internal sealed partial class NegotiateHandler
{
    private const string AllowedHeaders = "authorization, x-requested-with, x-signalr-user-agent, content-type";

    private readonly SignalRTokenValidator _tokens;
    private readonly NegotiatedConnections _negotiations;
    private readonly IOptionsMonitor<SignalROptions> _options;
    private readonly ILogger<NegotiateHandler> _logger;

    public NegotiateHandler(SignalRTokenValidator tokens, NegotiatedConnections negotiations, IOptionsMonitor<SignalROptions> options, ILogger<NegotiateHandler> logger)
    {
        _tokens = tokens;
        _negotiations = negotiations;
        _options = options;
        _logger = logger;
    }

    /// <summary>CORS preflight: any origin, with credentials, as the service allows by default.</summary>
    public static IResult Preflight(HttpContext context)
    {
        AllowOrigin(context);
        var headers = context.Response.Headers;
        headers.AccessControlAllowMethods = "POST";
        headers.AccessControlAllowHeaders = AllowedHeaders;
        headers.AccessControlMaxAge = "600";
        return Results.NoContent();
    }

    public async Task NegotiateAsync(HttpContext context)
    {
        AllowOrigin(context);
        var request = context.Request;
        var hub = request.Query["hub"].ToString();
        if (!SignalRNames.IsValidHub(hub))
        {
            await RefuseAsync(context, StatusCodes.Status400BadRequest, $"'{hub}' is not a valid hub name: pass ?hub= with a name that starts with a letter.").ConfigureAwait(false);
            return;
        }

        hub = SignalRNames.NormalizeHub(hub);
        if (!_tokens.TryValidateClientToken(BearerToken.FromHeader(request), hub, out var payload, out var error))
        {
            context.Response.Headers.WWWAuthenticate = "Bearer";
            await RefuseAsync(context, StatusCodes.Status401Unauthorized, error).ConfigureAwait(false);
            return;
        }

        var version = int.TryParse(request.Query["negotiateVersion"], NumberStyles.None, CultureInfo.InvariantCulture, out var asked) && asked >= 1 ? 1 : 0;
        var connectionId = NegotiatedConnections.NewId();
        // Negotiate version 0 has no separate token: the client presents the connection id itself.
        var connectionToken = version == 0 ? connectionId : NegotiatedConnections.NewId();
        _negotiations.Add(connectionToken, connectionId, hub, payload.UserId, _options.CurrentValue.NegotiationLifetime);
        Log.Negotiated(_logger, hub, connectionId, payload.UserId);

        var body = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(body))
        {
            json.WriteStartObject();
            json.WriteNumber("negotiateVersion"u8, version);
            json.WriteString("connectionId"u8, connectionId);
            if (version > 0)
            {
                json.WriteString("connectionToken"u8, connectionToken);
            }

            json.WriteStartArray("availableTransports"u8);
            json.WriteStartObject();
            json.WriteString("transport"u8, "WebSockets"u8);
            json.WriteStartArray("transferFormats"u8);
            json.WriteStringValue("Text"u8);
            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteEndObject();
        }

        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = body.WrittenCount;
        await context.Response.Body.WriteAsync(body.WrittenMemory, context.RequestAborted).ConfigureAwait(false);
    }

    private static void AllowOrigin(HttpContext context)
    {
        var origin = context.Request.Headers.Origin.ToString();
        if (origin.Length > 0)
        {
            var headers = context.Response.Headers;
            headers.AccessControlAllowOrigin = origin;
            headers.AccessControlAllowCredentials = "true";
            headers.Vary = "Origin";
        }
    }

    private Task RefuseAsync(HttpContext context, int statusCode, string message)
    {
        Log.Refused(_logger, statusCode, message);
        context.Response.StatusCode = statusCode;
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync(message, context.RequestAborted);
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Debug, "SignalR negotiate on hub '{Hub}': connection {ConnectionId} for user '{UserId}'.")]
        public static partial void Negotiated(ILogger logger, string hub, string connectionId, string? userId);

        [LoggerMessage(2, LogLevel.Information, "SignalR negotiate refused with {StatusCode}: {Reason}")]
        public static partial void Refused(ILogger logger, int statusCode, string reason);
    }
}

using System.Diagnostics.CodeAnalysis;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Notifier.Azure.Shared;
using Notifier.Azure.WebPubSub.Protocol;

namespace Notifier.Azure.WebPubSub.EventHandler.Internal;

/// <summary>
/// The request delegate behind a mapped event handler (https://learn.microsoft.com/azure/azure-web-pubsub/reference-cloud-events): abuse protection on <c>OPTIONS</c>/<c>GET</c>,
/// verification and dispatch on <c>POST</c>.
/// </summary>
/// <remarks>
/// A <c>POST</c> goes through these steps, and the handler runs only if all pass:
/// 1. required <c>ce-*</c> headers (400), signature (401), hub (400), event type and content type (400),
///    connection state (400) — see <see cref="CloudEventRequestReader"/>;
/// 2. <c>ce-time</c> within <see cref="WebPubSubEventHandlerOptions.EventTimeWindow"/> of now, and a <c>ce-id</c> (400);
/// 3. the body, read once and capped (413), and for system events parsed (400);
/// 4. the event id: a repeat of an event already answered gets that answer again, an id reused for a different
///    event is refused (400) — see <see cref="EventIdCache"/>;
/// 5. the handler; its response or exception is mapped to a status, and nothing escapes to the server.
/// </remarks>
internal sealed partial class WebPubSubEventEndpoint
{
    /// <summary>System event bodies are small JSON objects; 1 MiB matches the service's own message limit.</summary>
    internal const long MaxSystemEventBodySize = 1024 * 1024;

    /// <summary>The body of a 500: exception text stays in the log, never in the response.</summary>
    internal const string HandlerFailedMessage = "The event handler failed to process the event.";

    /// <summary>Answers larger than this are not kept for repeats; a repeat of such an event is refused instead.</summary>
    internal const int MaxRememberedAnswerBytes = 16 * 1024;

    private const string UnauthorizedMessage = "Unauthorized.";

    private readonly string _optionsName;
    private readonly IOptionsMonitor<WebPubSubEventHandlerOptions> _optionsMonitor;
    private readonly Func<IServiceProvider, WebPubSubEventHandler> _handlerFactory;
    private readonly ILogger _logger;
    private readonly TimeProvider _timeProvider;
    private readonly EventIdCache _events = new();
    private volatile ResolvedSettings? _resolved;

    public WebPubSubEventEndpoint(
        string optionsName,
        IOptionsMonitor<WebPubSubEventHandlerOptions> optionsMonitor,
        Func<IServiceProvider, WebPubSubEventHandler> handlerFactory,
        ILogger logger,
        TimeProvider? timeProvider = null)
    {
        _optionsName = optionsName;
        _optionsMonitor = optionsMonitor;
        _handlerFactory = handlerFactory;
        _logger = logger;
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    [SuppressMessage("Design", "CA1031:Do not catch general exception types", Justification = "A webhook must answer every request; failures are logged and mapped to 500.")]
    public async Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        try
        {
            var settings = GetSettings();
            var method = context.Request.Method;
            if (HttpMethods.IsPost(method))
            {
                await HandleEventAsync(context, settings).ConfigureAwait(false);
            }
            else if (HttpMethods.IsOptions(method) || HttpMethods.IsGet(method))
            {
                await HandleAbuseProtectionAsync(context, settings).ConfigureAwait(false);
            }
            else
            {
                context.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            }
        }
        catch (Exception ex) when (IsAbort(ex, context.RequestAborted) || (ex is IOException && context.RequestAborted.IsCancellationRequested))
        {
            // The service gave up on the request; there is nobody left to answer.
            Log.RequestAborted(_logger);
        }
        catch (BadHttpRequestException ex)
        {
            // Raised by the server itself while reading the body, e.g. its own size limit or broken chunking.
            Log.ServerRejectedRequest(_logger, ex.StatusCode, ex);
            if (!context.Response.HasStarted)
            {
                var message = ex.StatusCode == StatusCodes.Status413PayloadTooLarge ? "The request body is too large." : "Bad request.";
                await EventResponseWriter.WritePlainTextAsync(context.Response, ex.StatusCode, message, context.RequestAborted).ConfigureAwait(false);
            }
        }
        catch (Exception ex)
        {
            Log.UnexpectedError(_logger, ex);
            if (!context.Response.HasStarted)
            {
                // Drop anything a half-written answer set, such as a new ce-connectionState.
                context.Response.Clear();
                await EventResponseWriter.WritePlainTextAsync(context.Response, StatusCodes.Status500InternalServerError, HandlerFailedMessage, context.RequestAborted).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// CloudEvents HTTP webhook abuse protection (https://learn.microsoft.com/azure/azure-web-pubsub/reference-cloud-events): allow the origin only if it is the host of a configured
    /// endpoint or an explicitly allowed origin. The answer echoes the origin, which is valid even when <c>*</c> allowed it.
    /// </summary>
    private Task HandleAbuseProtectionAsync(HttpContext context, EventHandlerSettings settings)
    {
        var origins = context.Request.Headers[CloudEventHeaders.WebHookRequestOrigin];
        var origin = origins.Count == 1 ? origins.ToString().Trim() : string.Empty;
        if (origin.Length == 0)
        {
            Log.AbuseProtectionRejected(_logger, origins.ToString());
            return EventResponseWriter.WritePlainTextAsync(context.Response, StatusCodes.Status400BadRequest, "Expected a single WebHook-Request-Origin header.", context.RequestAborted);
        }

        if (!settings.IsAllowedOrigin(origin))
        {
            Log.AbuseProtectionRejected(_logger, origin);
            return EventResponseWriter.WritePlainTextAsync(context.Response, StatusCodes.Status400BadRequest, "The WebHook-Request-Origin is not allowed.", context.RequestAborted);
        }

        Log.AbuseProtectionAccepted(_logger, origin);
        context.Response.Headers[CloudEventHeaders.WebHookAllowedOrigin] = origin;
        context.Response.StatusCode = StatusCodes.Status200OK;
        return Task.CompletedTask;
    }

    private async Task HandleEventAsync(HttpContext context, EventHandlerSettings settings)
    {
        var cancellationToken = context.RequestAborted;
        if (settings.AuthorizeUpstream is { } authorize
            && await authorize(context.Request, cancellationToken).ConfigureAwait(false) is { } refusal)
        {
            await RejectAsync(context.Response, new RequestError(StatusCodes.Status401Unauthorized, refusal), cancellationToken).ConfigureAwait(false);
            return;
        }

        if (!CloudEventRequestReader.TryRead(context.Request, settings, out var envelope, out var error))
        {
            await RejectAsync(context.Response, error, cancellationToken).ConfigureAwait(false);
            return;
        }

        // Only the connection id is signed, so these are checked only after the signature, like everything else.
        var now = _timeProvider.GetUtcNow();
        if (!EventTime.IsWithinWindow(context.Request.Headers[CloudEventHeaders.Time].ToString(), now, settings.EventTimeWindow, out error))
        {
            await RejectAsync(context.Response, error, cancellationToken).ConfigureAwait(false);
            return;
        }

        if (envelope.Context.EventId is not { } eventId)
        {
            await RejectAsync(context.Response, new RequestError(StatusCodes.Status400BadRequest, "Missing ce-id header."), cancellationToken).ConfigureAwait(false);
            return;
        }

        var limit = envelope.Kind == EventKind.User ? settings.MaxUserEventBodySize : MaxSystemEventBodySize;
        var body = await RequestBodyReader.ReadAsync(context.Request, limit, cancellationToken).ConfigureAwait(false);
        if (body is null)
        {
            var tooLarge = new RequestError(StatusCodes.Status413PayloadTooLarge, $"The request body exceeds the limit of {limit} bytes.");
            await RejectAsync(context.Response, tooLarge, cancellationToken).ConfigureAwait(false);
            return;
        }

        if (!TryCreateRequest(envelope, body, out var request, out error))
        {
            await RejectAsync(context.Response, error, cancellationToken).ConfigureAwait(false);
            return;
        }

        var connection = request.ConnectionContext;
        var key = EventIdCache.KeyOf(connection.ConnectionId, eventId);
        var fingerprint = EventFingerprint.Compute(context.Request.Headers, body);

        // An id is remembered for twice the window: an event stamped at the window's far future edge stays acceptable
        // that long, and its repeats must still be recognised.
        var lifetime = settings.EventTimeWindow * 2;
        while (true)
        {
            var claim = _events.Claim(key, fingerprint, now, lifetime, settings.MaxRememberedEvents);
            switch (claim.Outcome)
            {
                case EventIdClaimOutcome.Conflict:
                    Log.EventIdReused(_logger, eventId, connection.ConnectionId, connection.EventType);
                    await EventResponseWriter.WritePlainTextAsync(
                        context.Response,
                        StatusCodes.Status400BadRequest,
                        $"Event id '{eventId}' of connection '{connection.ConnectionId}' was already used for a different event; refused as a possible replay.",
                        cancellationToken).ConfigureAwait(false);
                    return;
                case EventIdClaimOutcome.Repeat:
                    // The first delivery may still be running (the service retried after a dropped connection): wait for it.
                    if (!claim.Entry!.Answer.IsCompleted)
                    {
                        Log.RepeatWaiting(_logger, eventId, connection.ConnectionId);
                    }

                    if (await claim.Entry.Answer.WaitAsync(cancellationToken).ConfigureAwait(false) is not { } first)
                    {
                        // It failed or was aborted and its id was released: this delivery runs the handler instead.
                        continue;
                    }

                    Log.RepeatAnswered(_logger, eventId, connection.EventType, connection.ConnectionId, first.StatusCode);
                    await EventResponseWriter.WriteAsync(context.Response, first, cancellationToken).ConfigureAwait(false);
                    return;
                default:
                    await DispatchAsync(context, request, envelope.Kind, claim.Entry!).ConfigureAwait(false);
                    return;
            }
        }
    }

    /// <summary>Runs the handler for the first delivery of an event and remembers its answer for repeats.</summary>
    private async Task DispatchAsync(HttpContext context, EventRequest request, EventKind kind, RememberedEvent entry)
    {
        EventAnswer? answer = null;
        try
        {
            var connection = request.ConnectionContext;
            Log.DispatchingEvent(_logger, connection.EventType, connection.ConnectionId, connection.Hub);
            var handler = _handlerFactory(context.RequestServices);
            answer = kind is EventKind.Connected or EventKind.Disconnected
                ? await NotifyAsync(context, handler, request).ConfigureAwait(false)
                : await InvokeBlockingAsync(context, handler, request).ConfigureAwait(false);
            await EventResponseWriter.WriteAsync(context.Response, answer, context.RequestAborted).ConfigureAwait(false);
        }
        finally
        {
            _events.Complete(entry, Rememberable(answer));
        }
    }

    /// <summary>
    /// What a repeat of the event will be answered: the same answer, so that a client's ack reflects what was done;
    /// nothing for a 5xx (the service retries those, and the retry must run the handler); a refusal for answers too
    /// large to keep.
    /// </summary>
    private static EventAnswer? Rememberable(EventAnswer? answer) => answer switch
    {
        null => null,
        { StatusCode: >= 500 } => null,
        { Size: > MaxRememberedAnswerBytes } => EventResponseWriter.PlainText(
            StatusCodes.Status400BadRequest, "This event was already processed, and its answer was too large to keep for repeats."),
        _ => answer,
    };

    private static bool TryCreateRequest(CloudEventEnvelope envelope, byte[] body, [NotNullWhen(true)] out EventRequest? request, out RequestError error)
    {
        error = default;
        string? message = null;
        switch (envelope.Kind)
        {
            case EventKind.Connect:
                if (EventBodyParser.TryParseConnect(body, envelope.Context, out var connect, out message))
                {
                    request = connect;
                    return true;
                }

                break;
            case EventKind.Disconnected:
                if (EventBodyParser.TryParseDisconnected(body, envelope.Context, out var disconnected, out message))
                {
                    request = disconnected;
                    return true;
                }

                break;
            case EventKind.Connected:
                // The body is always "{}" (https://learn.microsoft.com/azure/azure-web-pubsub/reference-cloud-events) and carries nothing, so it is not parsed.
                request = new ConnectedEventRequest(envelope.Context);
                return true;
            default:
                request = new UserEventRequest(envelope.Context, BinaryData.FromBytes(body), envelope.DataType);
                return true;
        }

        request = null;
        error = new RequestError(StatusCodes.Status400BadRequest, message ?? "Malformed request body.");
        return false;
    }

    [SuppressMessage("Design", "CA1031:Do not catch general exception types", Justification = "Handler failures must become 500 responses, not escape to the server.")]
    private async Task<EventAnswer> InvokeBlockingAsync(HttpContext context, WebPubSubEventHandler handler, EventRequest request)
    {
        var cancellationToken = context.RequestAborted;
        var connection = request.ConnectionContext;
        EventResponse? result;
        try
        {
            result = request is ConnectEventRequest connect
                ? await handler.OnConnectAsync(connect, cancellationToken).ConfigureAwait(false)
                : await handler.OnMessageAsync((UserEventRequest)request, cancellationToken).ConfigureAwait(false);
        }
        catch (UnauthorizedAccessException ex)
        {
            // The exception text may come from anywhere (file paths, internals), so the body stays generic.
            Log.HandlerDeniedAccess(_logger, connection.EventName, connection.ConnectionId, connection.Hub, ex);
            return EventResponseWriter.PlainText(StatusCodes.Status401Unauthorized, UnauthorizedMessage);
        }
        catch (Exception ex) when (!IsAbort(ex, cancellationToken))
        {
            Log.HandlerFailed(_logger, connection.EventName, connection.ConnectionId, connection.Hub, ex);
            return EventResponseWriter.PlainText(StatusCodes.Status500InternalServerError, HandlerFailedMessage);
        }

        switch (result)
        {
            case EventErrorResponse rejection:
                Log.HandlerRejectedEvent(_logger, connection.EventName, connection.ConnectionId, connection.Hub, rejection.Code);
                return EventResponseWriter.Error(rejection);
            case ConnectEventResponse accepted when request is ConnectEventRequest:
                return EventResponseWriter.Connect(accepted, connection.ConnectionStates);
            case UserEventResponse accepted when request is UserEventRequest:
                return EventResponseWriter.UserEvent(accepted, connection.ConnectionStates);
            default:
                Log.InvalidHandlerResponse(_logger, result?.GetType().Name ?? "null", connection.EventName);
                return EventResponseWriter.PlainText(StatusCodes.Status500InternalServerError, HandlerFailedMessage);
        }
    }

    [SuppressMessage("Design", "CA1031:Do not catch general exception types", Justification = "The service ignores the outcome of connected/disconnected; failures are logged.")]
    private async Task<EventAnswer> NotifyAsync(HttpContext context, WebPubSubEventHandler handler, EventRequest request)
    {
        var cancellationToken = context.RequestAborted;
        try
        {
            var task = request is ConnectedEventRequest connected
                ? handler.OnConnectedAsync(connected, cancellationToken)
                : handler.OnDisconnectedAsync((DisconnectedEventRequest)request, cancellationToken);
            await task.ConfigureAwait(false);
        }
        catch (Exception ex) when (!IsAbort(ex, cancellationToken))
        {
            // The service ignores the response (https://learn.microsoft.com/azure/azure-web-pubsub/reference-cloud-events), so a failure is reported in the log only.
            var connection = request.ConnectionContext;
            Log.NotificationHandlerFailed(_logger, connection.EventName, connection.ConnectionId, connection.Hub, ex);
        }

        return EventAnswer.Ok;
    }

    private Task RejectAsync(HttpResponse response, RequestError error, CancellationToken cancellationToken)
    {
        if (error.StatusCode == StatusCodes.Status401Unauthorized)
        {
            Log.SignatureRejected(_logger, error.Message);
        }
        else
        {
            Log.RequestRejected(_logger, error.StatusCode, error.Message);
        }

        return EventResponseWriter.WritePlainTextAsync(response, error.StatusCode, error.Message, cancellationToken);
    }

    private EventHandlerSettings GetSettings()
    {
        var options = _optionsMonitor.Get(_optionsName);
        var resolved = _resolved;
        if (resolved is null || !ReferenceEquals(resolved.Options, options))
        {
            // The monitor hands out a new instance only when configuration reloads, so this runs rarely.
            resolved = new ResolvedSettings(options, EventHandlerSettings.Create(options));
            _resolved = resolved;
        }

        return resolved.Settings;
    }

    private static bool IsAbort(Exception exception, CancellationToken cancellationToken) =>
        exception is OperationCanceledException && cancellationToken.IsCancellationRequested;

    private sealed record ResolvedSettings(WebPubSubEventHandlerOptions Options, EventHandlerSettings Settings);
}

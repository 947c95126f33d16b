using System.Buffers;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Notifier.Azure.WebPubSub.Protocol;
using Notifier.Emulator.Connections;
using Notifier.Emulator.Hosting;
using Notifier.Emulator.Protocols;

namespace Notifier.Emulator.Upstream;

/// <summary>
/// Calls the hubs' configured event handlers over HTTP with CloudEvents (binary mode), as the service does (https://learn.microsoft.com/azure/azure-web-pubsub/reference-cloud-events):
/// picks the handler per event, builds the event, and turns the handler's answer into what the client endpoint needs.
/// Handlers are read from <see cref="IOptionsMonitor{TOptions}"/> per event, so they hot-reload.
/// </summary>
internal sealed partial class HttpEventHandlerInvoker : IEventHandlerInvoker
{
    /// <summary>A <c>connect</c> response is a small JSON object.</summary>
    internal const int MaxConnectResponseBytes = 1024 * 1024;

    /// <summary>A user event's reply, as the official emulator bounds it.</summary>
    internal const int MaxUserEventResponseBytes = 16 * 1024 * 1024;

    private static readonly byte[] ConnectedBody = "{}"u8.ToArray();
    private static readonly ConnectResult InternalServerError = new() { StatusCode = StatusCodes.Status500InternalServerError };

    private readonly CloudEventSender _sender;
    private readonly NotificationDispatcher _notifications;
    private readonly IOptionsMonitor<EmulatorOptions> _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<HttpEventHandlerInvoker> _logger;

    public HttpEventHandlerInvoker(
        CloudEventSender sender,
        NotificationDispatcher notifications,
        IOptionsMonitor<EmulatorOptions> options,
        TimeProvider timeProvider,
        ILogger<HttpEventHandlerInvoker> logger)
    {
        _sender = sender;
        _notifications = notifications;
        _options = options;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    public async ValueTask<ConnectResult> ConnectAsync(ConnectRequest request, CancellationToken cancellationToken)
    {
        try
        {
            var handler = EventHandlerResolver.Find(_options.CurrentValue, request.Hub, CloudEventTypes.ConnectEventName, isSystemEvent: true);
            if (handler is null)
            {
                return ConnectResult.AcceptDefaults;
            }

            var cloudEvent = new CloudEvent
            {
                Hub = request.Hub,
                ConnectionId = request.ConnectionId,
                UserId = request.UserId,
                EventName = CloudEventTypes.ConnectEventName,
                IsSystemEvent = true,
                Id = 0,
                Time = _timeProvider.GetUtcNow(),
                Body = ConnectEventJson.WriteRequest(request),
                ContentType = CloudEvent.JsonContentType,
            };
            var response = await _sender.SendAsync(handler, cloudEvent, MaxConnectResponseBytes, cancellationToken).ConfigureAwait(false);
            switch (response.Kind)
            {
                case HandlerResponseKind.Responded when !response.IsSuccessStatusCode:
                    Log.ConnectRejected(_logger, request.Hub, request.ConnectionId, response.StatusCode, response.Error);
                    return new ConnectResult { StatusCode = response.StatusCode };
                case HandlerResponseKind.Responded:
                    if (ConnectEventJson.TryReadResponse(response.Body, response.StatusCode, response.State, response.StateSet, out var result, out var error))
                    {
                        return result;
                    }

                    Log.ConnectFailed(_logger, request.Hub, request.ConnectionId, error, null);
                    return InternalServerError;
                case HandlerResponseKind.Canceled:
                    return InternalServerError;
                default:
                    Log.ConnectFailed(_logger, request.Hub, request.ConnectionId, response.Error!, null);
                    return InternalServerError;
            }
        }
        catch (Exception e)
        {
            Log.ConnectFailed(_logger, request.Hub, request.ConnectionId, e.Message, e);
            return InternalServerError;
        }
    }

    public void OnConnected(ClientConnection connection) => Notify(connection, CloudEventTypes.ConnectedEventName, null);

    public void OnDisconnected(ClientConnection connection, string? reason) => Notify(connection, CloudEventTypes.DisconnectedEventName, reason);

    public async ValueTask<UserEventResult> UserEventAsync(ClientConnection connection, string eventName, MessageDataType dataType, ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        var hub = connection.Hub.Name;
        try
        {
            var handler = EventHandlerResolver.Find(_options.CurrentValue, hub, eventName, isSystemEvent: false);
            if (handler is null)
            {
                Log.NoUserEventHandler(_logger, eventName, hub, connection.ConnectionId);
                return UserEventResult.Failed($"No event handler is configured for event '{eventName}' of hub '{hub}'.");
            }

            // Copied: the caller's buffer is only lent for the call, and a cancelled send may still be reading it.
            var cloudEvent = CreateEvent(connection, eventName, isSystemEvent: false, data.ToArray(), UserEventBodies.ContentTypeOf(dataType));
            var response = await _sender.SendAsync(handler, cloudEvent, MaxUserEventResponseBytes, cancellationToken).ConfigureAwait(false);
            string error;
            if (response.Kind != HandlerResponseKind.Responded)
            {
                error = response.Error!;
            }
            else if (!response.IsSuccessStatusCode)
            {
                error = $"the handler answered {response.StatusCode}" + (response.Error is { } excerpt ? $": {excerpt}" : string.Empty);
            }
            else if (UserEventBodies.TryCreateReply(response.Body, response.ContentType, out var reply, out var replyError))
            {
                return new UserEventResult { Succeeded = true, Reply = reply, StateSet = response.StateSet, State = response.State };
            }
            else
            {
                error = replyError;
            }

            if (response.Kind != HandlerResponseKind.Canceled)
            {
                Log.UserEventFailed(_logger, eventName, hub, connection.ConnectionId, error, null);
            }

            return UserEventResult.Failed($"The event handler failed to process event '{eventName}'.");
        }
        catch (Exception e)
        {
            Log.UserEventFailed(_logger, eventName, hub, connection.ConnectionId, e.Message, e);
            return UserEventResult.Failed($"The event handler failed to process event '{eventName}'.");
        }
    }

    private static byte[] DisconnectedBody(string? reason)
    {
        var buffer = new ArrayBufferWriter<byte>(64);
        using (var writer = new Utf8JsonWriter(buffer, OutboundMessage.WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("reason"u8, reason ?? string.Empty);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Queues <c>connected</c>/<c>disconnected</c>, with the connection's attributes as they are now. Never throws.</summary>
    private void Notify(ClientConnection connection, string eventName, string? reason)
    {
        try
        {
            var handler = EventHandlerResolver.Find(_options.CurrentValue, connection.Hub.Name, eventName, isSystemEvent: true);
            if (handler is null)
            {
                return;
            }

            var body = eventName == CloudEventTypes.DisconnectedEventName ? DisconnectedBody(reason) : ConnectedBody;
            _notifications.Enqueue(connection, handler, CreateEvent(connection, eventName, isSystemEvent: true, body, CloudEvent.JsonContentType));
        }
        catch (Exception e)
        {
            Log.NotificationFailed(_logger, eventName, connection.Hub.Name, connection.ConnectionId, e);
        }
    }

    private CloudEvent CreateEvent(ClientConnection connection, string eventName, bool isSystemEvent, byte[] body, MediaTypeHeaderValue contentType) => new()
    {
        Hub = connection.Hub.Name,
        ConnectionId = connection.ConnectionId,
        UserId = connection.UserId,
        EventName = eventName,
        IsSystemEvent = isSystemEvent,
        Id = _notifications.For(connection).NextId(),
        Time = _timeProvider.GetUtcNow(),
        Subprotocol = connection.Subprotocol,
        ConnectionState = connection.State,
        Body = body,
        ContentType = contentType,
    };
}

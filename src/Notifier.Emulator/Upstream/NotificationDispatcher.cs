using System.Runtime.CompilerServices;
using Microsoft.Extensions.Options;
using Notifier.Emulator.Connections;
using Notifier.Emulator.Hosting;

namespace Notifier.Emulator.Upstream;

/// <summary>
/// Sends the non-blocking <c>connected</c> and <c>disconnected</c> events (https://learn.microsoft.com/azure/azure-web-pubsub/reference-cloud-events). A keyed serial queue:
/// each connection's events go out one after the other, in order, while different connections proceed
/// independently, so a slow handler call delays only the events of its own connection. A connection's queue has a
/// pump task only while it holds events. Calls in flight and events waiting are bounded; an event over the bound, or
/// one that fails, is logged, never dropped silently.
/// </summary>
internal sealed partial class NotificationDispatcher : IAsyncDisposable
{
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(2);

    private readonly ConditionalWeakTable<ClientConnection, ConnectionEvents> _connections = [];
    private readonly HashSet<Task> _pumps = [];
    private readonly CloudEventSender _sender;
    private readonly IOptionsMonitor<UpstreamOptions> _options;
    private readonly ILogger<NotificationDispatcher> _logger;
    private readonly SemaphoreSlim _concurrency;
    private readonly CancellationTokenSource _stopping = new();
    private int _pending;

    public NotificationDispatcher(CloudEventSender sender, IOptionsMonitor<UpstreamOptions> options, ILogger<NotificationDispatcher> logger)
    {
        _sender = sender;
        _options = options;
        _logger = logger;
        var concurrency = Math.Max(1, options.CurrentValue.MaxConcurrentNotifications);
        _concurrency = new SemaphoreSlim(concurrency, concurrency);
    }

    /// <summary>The per-connection event counter and queue; the connection keeps it alive, nothing else does.</summary>
    public ConnectionEvents For(ClientConnection connection) => _connections.GetValue(connection, static _ => new ConnectionEvents());

    /// <summary>Queues an event after the connection's earlier ones. Never blocks and never throws.</summary>
    public void Enqueue(ClientConnection connection, EventHandlerOptions handler, CloudEvent cloudEvent)
    {
        if (Interlocked.Increment(ref _pending) > Math.Max(1, _options.CurrentValue.MaxPendingNotifications) || _stopping.IsCancellationRequested)
        {
            Interlocked.Decrement(ref _pending);
            Log.Dropped(_logger, cloudEvent.EventName, cloudEvent.Hub, cloudEvent.ConnectionId, _stopping.IsCancellationRequested ? "the emulator is stopping" : "too many events are waiting");
            return;
        }

        var events = For(connection);
        bool start;
        lock (events)
        {
            events.Queue.Enqueue((handler, cloudEvent));
            start = !events.Pumping;
            events.Pumping = true;
        }

        if (start)
        {
            var pump = Task.Run(() => PumpAsync(events));
            lock (_pumps)
            {
                if (!pump.IsCompleted)
                {
                    _pumps.Add(pump);
                }
            }

            _ = pump.ContinueWith(
                static (task, state) =>
                {
                    var pumps = (HashSet<Task>)state!;
                    lock (pumps)
                    {
                        pumps.Remove(task);
                    }
                },
                _pumps,
                CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);
        }
    }

    /// <summary>Gives queued events a moment to go out, then abandons the rest (logged).</summary>
    public async ValueTask DisposeAsync()
    {
        Task[] pumps;
        lock (_pumps)
        {
            pumps = [.. _pumps];
        }

        try
        {
            await Task.WhenAll(pumps).WaitAsync(DrainTimeout).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(pumps).ConfigureAwait(false);
        _stopping.Dispose();
        _concurrency.Dispose();
    }

    private async Task PumpAsync(ConnectionEvents events)
    {
        while (true)
        {
            (EventHandlerOptions Handler, CloudEvent Event) next;
            lock (events)
            {
                if (!events.Queue.TryDequeue(out next))
                {
                    events.Pumping = false;
                    return;
                }
            }

            try
            {
                await SendAsync(next.Handler, next.Event).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                // The boundary of a background task: log, and go on with the connection's next event.
                Log.Failed(_logger, next.Event.EventName, next.Event.Hub, next.Event.ConnectionId, e.Message, e);
            }
            finally
            {
                Interlocked.Decrement(ref _pending);
            }
        }
    }

    private async Task SendAsync(EventHandlerOptions handler, CloudEvent cloudEvent)
    {
        try
        {
            await _concurrency.WaitAsync(_stopping.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            Log.Dropped(_logger, cloudEvent.EventName, cloudEvent.Hub, cloudEvent.ConnectionId, "the emulator is stopping");
            return;
        }

        HandlerResponse response;
        try
        {
            response = await _sender.SendAsync(handler, cloudEvent, maxResponseBytes: 0, _stopping.Token).ConfigureAwait(false);
        }
        finally
        {
            _concurrency.Release();
        }

        if (response.Kind == HandlerResponseKind.Responded && response.IsSuccessStatusCode)
        {
            Log.Sent(_logger, cloudEvent.EventName, cloudEvent.Hub, cloudEvent.ConnectionId, response.StatusCode);
        }
        else if (response.Kind == HandlerResponseKind.Responded)
        {
            Log.Failed(_logger, cloudEvent.EventName, cloudEvent.Hub, cloudEvent.ConnectionId, $"the handler answered {response.StatusCode}: {response.Error}", null);
        }
        else
        {
            Log.Failed(_logger, cloudEvent.EventName, cloudEvent.Hub, cloudEvent.ConnectionId, response.Error ?? response.Kind.ToString(), null);
        }
    }
}

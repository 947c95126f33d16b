using System.Collections.Concurrent;
using Notifier.Azure.WebPubSub.EventHandler;

namespace Notifier.Azure.WebPubSub.Tests.EventHandler.Infrastructure;

/// <summary>
/// What <see cref="RecordingHandler"/> saw, and what it should answer. A singleton per test host; handlers are
/// awaited before the response is written, so the requests are recorded by the time the client has its response.
/// </summary>
public sealed class EventRecorder
{
    private readonly ConcurrentQueue<EventRequest> _requests = new();
    private int _handlersCreated;

    public IReadOnlyList<EventRequest> Requests => [.. _requests];

    /// <summary>How many handler instances were constructed: zero proves that no handler code ran.</summary>
    public int HandlersCreated => Volatile.Read(ref _handlersCreated);

    public Func<ConnectEventRequest, EventResponse?>? OnConnect { get; set; }

    public Func<UserEventRequest, EventResponse?>? OnMessage { get; set; }

    public Action<EventRequest>? OnNotification { get; set; }

    public T SingleRequest<T>()
        where T : EventRequest => Assert.IsType<T>(Assert.Single(Requests));

    internal void Record(EventRequest request) => _requests.Enqueue(request);

    internal void HandlerCreated() => Interlocked.Increment(ref _handlersCreated);
}

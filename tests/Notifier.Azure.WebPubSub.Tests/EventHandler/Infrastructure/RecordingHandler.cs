using Notifier.Azure.WebPubSub.EventHandler;

namespace Notifier.Azure.WebPubSub.Tests.EventHandler.Infrastructure;

/// <summary>Records every call and answers as <see cref="EventRecorder"/> says, or with the base defaults.</summary>
public sealed class RecordingHandler : WebPubSubEventHandler
{
    private readonly EventRecorder _recorder;

    public RecordingHandler(EventRecorder recorder)
    {
        _recorder = recorder;
        _recorder.HandlerCreated();
    }

    public override ValueTask<EventResponse> OnConnectAsync(ConnectEventRequest request, CancellationToken cancellationToken)
    {
        _recorder.Record(request);
        return _recorder.OnConnect is { } onConnect ? ValueTask.FromResult(onConnect(request)!) : base.OnConnectAsync(request, cancellationToken);
    }

    public override ValueTask OnConnectedAsync(ConnectedEventRequest request, CancellationToken cancellationToken)
    {
        _recorder.Record(request);
        _recorder.OnNotification?.Invoke(request);
        return ValueTask.CompletedTask;
    }

    public override ValueTask OnDisconnectedAsync(DisconnectedEventRequest request, CancellationToken cancellationToken)
    {
        _recorder.Record(request);
        _recorder.OnNotification?.Invoke(request);
        return ValueTask.CompletedTask;
    }

    public override ValueTask<EventResponse> OnMessageAsync(UserEventRequest request, CancellationToken cancellationToken)
    {
        _recorder.Record(request);
        return _recorder.OnMessage is { } onMessage ? ValueTask.FromResult(onMessage(request)!) : base.OnMessageAsync(request, cancellationToken);
    }
}

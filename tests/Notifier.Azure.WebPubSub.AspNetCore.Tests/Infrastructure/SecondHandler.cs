namespace Notifier.Azure.WebPubSub.AspNetCore.Tests.Infrastructure;

/// <summary>A second handler type, to check that each mapped handler gets its own options.</summary>
public sealed class SecondHandler(EventRecorder recorder) : WebPubSubEventHandler
{
    public override ValueTask OnConnectedAsync(ConnectedEventRequest request, CancellationToken cancellationToken)
    {
        recorder.Record(request);
        return ValueTask.CompletedTask;
    }
}

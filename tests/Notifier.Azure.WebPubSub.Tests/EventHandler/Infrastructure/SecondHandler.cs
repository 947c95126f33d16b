using Notifier.Azure.WebPubSub.EventHandler;

namespace Notifier.Azure.WebPubSub.Tests.EventHandler.Infrastructure;

/// <summary>A second handler type, to check that each mapped handler gets its own options.</summary>
public sealed class SecondHandler(EventRecorder recorder) : WebPubSubEventHandler
{
    public override ValueTask OnConnectedAsync(ConnectedEventRequest request, CancellationToken cancellationToken)
    {
        recorder.Record(request);
        return ValueTask.CompletedTask;
    }
}

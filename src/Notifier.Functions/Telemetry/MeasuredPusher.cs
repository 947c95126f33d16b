using Notifier.Core.Notifications;
using Notifier.Core.Push;

namespace Notifier.Functions.Telemetry;

/// <summary>
/// Every push's span and measurements (<see cref="PushMeasurement"/>) around a transport's pusher, once for both
/// transports: each says only its name and what it calls a push to a mix of recipients (<c>filter</c> on Web PubSub,
/// <c>fanout</c> on SignalR). The REST calls run inside the span, so they carry its context as <c>traceparent</c>.
/// </summary>
internal sealed class MeasuredPusher : INotificationPusher
{
    private readonly INotificationPusher _transport;
    private readonly string _transportName;
    private readonly string _mixedTarget;
    private readonly NotifierMetrics _metrics;

    public MeasuredPusher(INotificationPusher transport, string transportName, string mixedTarget, NotifierMetrics metrics)
    {
        _transport = transport;
        _transportName = transportName;
        _mixedTarget = mixedTarget;
        _metrics = metrics;
    }

    public async Task SendAsync(Recipients recipients, ReadOnlyMemory<byte> message, IReadOnlyCollection<string> exceptUsers, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(recipients);
        var target = recipients.All ? PushTargets.All : recipients.IsSingleUser ? PushTargets.User : _mixedTarget;
        using var push = PushMeasurement.Notification(_metrics, _transportName, target, recipients.Count);
        try
        {
            await _transport.SendAsync(recipients, message, exceptUsers, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            push.Failed(ex);
            throw;
        }

        push.Succeeded();
    }

    public async Task SendToUserAsync(string userId, ReadOnlyMemory<byte> message, string? exceptConnectionId, CancellationToken cancellationToken)
    {
        using var push = PushMeasurement.Sync(_metrics, _transportName);
        try
        {
            await _transport.SendToUserAsync(userId, message, exceptConnectionId, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            push.Failed(ex);
            throw;
        }

        push.Succeeded();
    }
}

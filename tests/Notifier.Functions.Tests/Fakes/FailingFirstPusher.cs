using System.Collections.Concurrent;
using System.Text;
using Notifier.Core.Notifications;
using Notifier.Core.Push;

namespace Notifier.Functions.Tests.Fakes;

/// <summary>
/// A pusher whose first <c>failures</c> pushes throw, as a Web PubSub outage would; it records every push that went
/// through (the envelope as text) instead of sending it anywhere.
/// </summary>
internal sealed class FailingFirstPusher : INotificationPusher
{
    private readonly ConcurrentQueue<string> _sent = new();
    private int _failuresLeft;

    public FailingFirstPusher(int failures)
    {
        _failuresLeft = failures;
    }

    /// <summary>Gets the envelopes pushed (not failed), in order.</summary>
    public IReadOnlyList<string> Sent => [.. _sent];

    public Task SendAsync(Recipients recipients, ReadOnlyMemory<byte> message, IReadOnlyCollection<string> exceptUsers, CancellationToken cancellationToken) =>
        SendAsync(message);

    public Task SendToUserAsync(string userId, ReadOnlyMemory<byte> message, string? exceptConnectionId, CancellationToken cancellationToken) =>
        SendAsync(message);

    private Task SendAsync(ReadOnlyMemory<byte> message)
    {
        if (Interlocked.Decrement(ref _failuresLeft) >= 0)
        {
            throw new InvalidOperationException("The push service is down (test).");
        }

        _sent.Enqueue(Encoding.UTF8.GetString(message.Span));
        return Task.CompletedTask;
    }
}

using System.Runtime.CompilerServices;
using Azure.Messaging.ServiceBus;

namespace Notifier.Publisher.Tests.Queues;

/// <summary>
/// A Service Bus sender with no broker behind it: it keeps what would have been sent. Batches come from
/// <see cref="ServiceBusModelFactory"/> and hold at most <c>maxBatchBytes</c> of message bodies.
/// </summary>
public sealed class CapturingServiceBusSender(long maxBatchBytes = 256 * 1024) : ServiceBusSender
{
    private readonly ConditionalWeakTable<ServiceBusMessageBatch, List<ServiceBusMessage>> _stores = [];
    private readonly List<IReadOnlyList<ServiceBusMessage>> _sent = [];

    /// <summary>Gets each send: one message, or the messages of one batch.</summary>
    public IReadOnlyList<IReadOnlyList<ServiceBusMessage>> Sends => _sent;

    public IEnumerable<ServiceBusMessage> Messages => _sent.SelectMany(s => s);

    public override Task SendMessageAsync(ServiceBusMessage message, CancellationToken cancellationToken = default)
    {
        _sent.Add([message]);
        return Task.CompletedTask;
    }

    public override ValueTask<ServiceBusMessageBatch> CreateMessageBatchAsync(CancellationToken cancellationToken = default)
    {
        var store = new List<ServiceBusMessage>();
        var batch = ServiceBusModelFactory.ServiceBusMessageBatch(
            maxBatchBytes,
            store,
            new CreateMessageBatchOptions { MaxSizeInBytes = maxBatchBytes },
            message => store.Sum(m => m.Body.ToMemory().Length) + message.Body.ToMemory().Length <= maxBatchBytes);
        _stores.Add(batch, store);
        return ValueTask.FromResult(batch);
    }

    public override Task SendMessagesAsync(ServiceBusMessageBatch messageBatch, CancellationToken cancellationToken = default)
    {
        Assert.True(_stores.TryGetValue(messageBatch, out var store), "The batch was not made by this sender.");
        _sent.Add([.. store]);
        return Task.CompletedTask;
    }
}

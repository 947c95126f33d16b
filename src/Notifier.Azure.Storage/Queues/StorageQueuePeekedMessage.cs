namespace Notifier.Azure.Storage.Queues;

/// <summary>A message seen by peeking: it stays visible and has no pop receipt.</summary>
public sealed class StorageQueuePeekedMessage
{
    internal StorageQueuePeekedMessage(string messageId, long dequeueCount, DateTimeOffset insertedOn, DateTimeOffset expiresOn, StorageQueueMessageBody body)
    {
        MessageId = messageId;
        DequeueCount = dequeueCount;
        InsertedOn = insertedOn;
        ExpiresOn = expiresOn;
        MessageText = body.Text;
        Body = body.Bytes;
        IsDecoded = body.IsDecoded;
    }

    /// <summary>Gets the message id.</summary>
    public string MessageId { get; }

    /// <summary>Gets how many times the message has been received (peeking does not count).</summary>
    public long DequeueCount { get; }

    /// <summary>Gets when the message was enqueued.</summary>
    public DateTimeOffset InsertedOn { get; }

    /// <summary>Gets when the message expires.</summary>
    public DateTimeOffset ExpiresOn { get; }

    /// <summary>Gets the decoded message text.</summary>
    public string MessageText { get; }

    /// <summary>Gets the message content as bytes.</summary>
    public BinaryData Body { get; }

    /// <summary>Gets whether decoding succeeded; see <see cref="StorageQueueMessage.IsDecoded"/>.</summary>
    public bool IsDecoded { get; }
}

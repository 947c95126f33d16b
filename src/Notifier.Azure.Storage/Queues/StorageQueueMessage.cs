namespace Notifier.Azure.Storage.Queues;

/// <summary>A received message, invisible to other receivers until <see cref="NextVisibleOn"/>.</summary>
public sealed class StorageQueueMessage
{
    internal StorageQueueMessage(
        string messageId, string popReceipt, long dequeueCount, DateTimeOffset insertedOn, DateTimeOffset expiresOn,
        DateTimeOffset nextVisibleOn, StorageQueueMessageBody body)
    {
        MessageId = messageId;
        PopReceipt = popReceipt;
        DequeueCount = dequeueCount;
        InsertedOn = insertedOn;
        ExpiresOn = expiresOn;
        NextVisibleOn = nextVisibleOn;
        MessageText = body.Text;
        Body = body.Bytes;
        IsDecoded = body.IsDecoded;
    }

    /// <summary>Gets the message id.</summary>
    public string MessageId { get; }

    /// <summary>Gets the pop receipt needed to delete or update the message.</summary>
    public string PopReceipt { get; }

    /// <summary>Gets how many times the message has been received, this time included.</summary>
    public long DequeueCount { get; }

    /// <summary>Gets when the message was enqueued.</summary>
    public DateTimeOffset InsertedOn { get; }

    /// <summary>Gets when the message expires.</summary>
    public DateTimeOffset ExpiresOn { get; }

    /// <summary>Gets when the message becomes visible again unless deleted.</summary>
    public DateTimeOffset NextVisibleOn { get; }

    /// <summary>Gets the message text, decoded according to the client's <see cref="StorageQueueMessageEncoding"/>.</summary>
    public string MessageText { get; }

    /// <summary>Gets the message content as bytes (the base64-decoded bytes, or the UTF-8 text when not encoded).</summary>
    public BinaryData Body { get; }

    /// <summary>
    /// Gets whether decoding succeeded. <see langword="false"/> means the client expected base64 but the text was not,
    /// so <see cref="MessageText"/> is the raw text as stored (the message is still returned so it can be dealt with).
    /// </summary>
    public bool IsDecoded { get; }
}

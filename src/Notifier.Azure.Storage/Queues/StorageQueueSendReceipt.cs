namespace Notifier.Azure.Storage.Queues;

/// <summary>What the service returns for a sent message.</summary>
public sealed class StorageQueueSendReceipt
{
    internal StorageQueueSendReceipt(string messageId, string popReceipt, DateTimeOffset insertedOn, DateTimeOffset expiresOn, DateTimeOffset nextVisibleOn)
    {
        MessageId = messageId;
        PopReceipt = popReceipt;
        InsertedOn = insertedOn;
        ExpiresOn = expiresOn;
        NextVisibleOn = nextVisibleOn;
    }

    /// <summary>Gets the message id.</summary>
    public string MessageId { get; }

    /// <summary>Gets a pop receipt that allows deleting or updating the message before anyone receives it.</summary>
    public string PopReceipt { get; }

    /// <summary>Gets when the message was enqueued.</summary>
    public DateTimeOffset InsertedOn { get; }

    /// <summary>Gets when the message expires (9999-12-31 for messages that never expire).</summary>
    public DateTimeOffset ExpiresOn { get; }

    /// <summary>Gets when the message becomes visible to receivers.</summary>
    public DateTimeOffset NextVisibleOn { get; }
}

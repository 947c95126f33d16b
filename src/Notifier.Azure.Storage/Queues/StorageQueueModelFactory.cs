namespace Notifier.Azure.Storage.Queues;

/// <summary>Creates queue model instances for tests and mocks.</summary>
public static class StorageQueueModelFactory
{
    /// <summary>Creates a <see cref="StorageQueueSendReceipt"/>.</summary>
    /// <param name="messageId">The message id.</param>
    /// <param name="popReceipt">The pop receipt.</param>
    /// <param name="insertedOn">The insertion time.</param>
    /// <param name="expiresOn">The expiry time.</param>
    /// <param name="nextVisibleOn">The next visible time.</param>
    /// <returns>The model.</returns>
    public static StorageQueueSendReceipt SendReceipt(string messageId, string popReceipt, DateTimeOffset insertedOn, DateTimeOffset expiresOn, DateTimeOffset nextVisibleOn) =>
        new(messageId, popReceipt, insertedOn, expiresOn, nextVisibleOn);

    /// <summary>Creates a <see cref="StorageQueueMessage"/>.</summary>
    /// <param name="messageId">The message id.</param>
    /// <param name="popReceipt">The pop receipt.</param>
    /// <param name="messageText">The decoded text.</param>
    /// <param name="dequeueCount">The dequeue count.</param>
    /// <param name="insertedOn">The insertion time.</param>
    /// <param name="expiresOn">The expiry time.</param>
    /// <param name="nextVisibleOn">The next visible time.</param>
    /// <returns>The model.</returns>
    public static StorageQueueMessage Message(
        string messageId, string popReceipt, string messageText, long dequeueCount = 1,
        DateTimeOffset insertedOn = default, DateTimeOffset expiresOn = default, DateTimeOffset nextVisibleOn = default) =>
        new(messageId, popReceipt, dequeueCount, insertedOn, expiresOn, nextVisibleOn,
            new StorageQueueMessageBody(messageText, BinaryData.FromString(messageText), true));

    /// <summary>Creates a <see cref="StorageQueuePeekedMessage"/>.</summary>
    /// <param name="messageId">The message id.</param>
    /// <param name="messageText">The decoded text.</param>
    /// <param name="dequeueCount">The dequeue count.</param>
    /// <param name="insertedOn">The insertion time.</param>
    /// <param name="expiresOn">The expiry time.</param>
    /// <returns>The model.</returns>
    public static StorageQueuePeekedMessage PeekedMessage(
        string messageId, string messageText, long dequeueCount = 0, DateTimeOffset insertedOn = default, DateTimeOffset expiresOn = default) =>
        new(messageId, dequeueCount, insertedOn, expiresOn, new StorageQueueMessageBody(messageText, BinaryData.FromString(messageText), true));

    /// <summary>Creates a <see cref="StorageQueueUpdateReceipt"/>.</summary>
    /// <param name="popReceipt">The new pop receipt.</param>
    /// <param name="nextVisibleOn">The next visible time.</param>
    /// <returns>The model.</returns>
    public static StorageQueueUpdateReceipt UpdateReceipt(string popReceipt, DateTimeOffset nextVisibleOn) => new(popReceipt, nextVisibleOn);
}

namespace Notifier.Azure.Storage.Queues;

/// <summary>What the service returns for an updated message: the old pop receipt is no longer valid.</summary>
public sealed class StorageQueueUpdateReceipt
{
    internal StorageQueueUpdateReceipt(string popReceipt, DateTimeOffset nextVisibleOn)
    {
        PopReceipt = popReceipt;
        NextVisibleOn = nextVisibleOn;
    }

    /// <summary>Gets the new pop receipt for further deletes or updates.</summary>
    public string PopReceipt { get; }

    /// <summary>Gets when the message becomes visible again.</summary>
    public DateTimeOffset NextVisibleOn { get; }
}

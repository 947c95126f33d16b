using Azure.Storage.Queues;
using Azure.Storage.Queues.Specialized;

namespace Notifier.DevHost.QueueTriggers;

/// <summary>
/// Storage queue clients that read and write messages as the Functions host's queue trigger does: base64 text
/// (host.json's default <c>messageEncoding</c>), and a message that is not base64 moved to <c>{queue}-poison</c> as it
/// is, where the host puts a message it cannot decode, instead of failing every receive that meets it.
/// </summary>
internal static class HostQueueClients
{
    /// <summary>Creates a client for one queue.</summary>
    /// <param name="connectionString">The storage account's connection string.</param>
    /// <param name="queueName">The queue.</param>
    /// <returns>The client.</returns>
    public static QueueClient Create(string connectionString, string queueName) => new(connectionString, queueName, CreateOptions());

    /// <summary>Creates the options of such clients, for callers that set more (retries, transport).</summary>
    /// <returns>New options.</returns>
    public static QueueClientOptions CreateOptions()
    {
        // The service version stays the SDK's default (2026-10-06), which Azurite 3.37 would refuse; these clients only
        // ever talk to an Azurite the dev host or the test fixture started, and both pass --skipApiVersionCheck. Pinning
        // an older version instead would be one more number to chase at each SDK or Azurite upgrade, for no gain.
        var options = new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 };

        // The function app in the same process forwards Azure.Core's event source to ILogger (AddAzureClients), which
        // would print every poll of the queue with its headers.
        options.Diagnostics.IsLoggingEnabled = false;
        options.MessageDecodingFailed += MoveToPoisonAsync;
        return options;
    }

    private static async Task MoveToPoisonAsync(QueueMessageDecodingFailedEventArgs args)
    {
        // A peeked message has no pop receipt and stays where it is.
        if (args.ReceivedMessage is not { } message)
        {
            return;
        }

        var poison = args.Queue.GetParentQueueServiceClient().GetQueueClient(args.Queue.Name + "-poison");
        if (args.IsRunningSynchronously)
        {
            poison.CreateIfNotExists(cancellationToken: args.CancellationToken);
            poison.SendMessage(message.Body, cancellationToken: args.CancellationToken);
            args.Queue.DeleteMessage(message.MessageId, message.PopReceipt, args.CancellationToken);
            return;
        }

        await poison.CreateIfNotExistsAsync(cancellationToken: args.CancellationToken).ConfigureAwait(false);
        await poison.SendMessageAsync(message.Body, cancellationToken: args.CancellationToken).ConfigureAwait(false);
        await args.Queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, args.CancellationToken).ConfigureAwait(false);
    }
}

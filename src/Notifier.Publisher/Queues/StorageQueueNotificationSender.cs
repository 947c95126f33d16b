using Azure;
using Azure.Core;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Notifier.Publisher.Queues;
using Notifier.Publisher.Validation;

namespace Notifier.Publisher;

/// <summary>
/// Puts notifications on the Storage queue the function app's <c>queue-notifications</c> function reads, base64-encoded
/// as the Functions host's queue trigger expects (host.json <c>messageEncoding</c>); a message that is not base64 goes
/// straight to <c>notifications-poison</c>. Checked against the service's rules before sending: the app would only
/// move a broken message to the poison queue.
/// </summary>
public class StorageQueueNotificationSender
{
    // The queue service takes 64 KiB of message text; base64 makes 4 characters of 3 bytes.
    private const int MaxBodyBytes = 64 * 1024 / 4 * 3;

    private readonly QueueClient _queue = null!;
    private readonly PublishLimits _limits = PublishLimits.Default;

    /// <summary>For mocking.</summary>
    protected StorageQueueNotificationSender()
    {
    }

    /// <summary>Creates a sender from a storage connection string.</summary>
    /// <param name="connectionString">The storage account (<c>UseDevelopmentStorage=true</c> for Azurite).</param>
    /// <param name="queueName">The queue the function app reads; <c>notifications</c> as deployed by infra/.</param>
    /// <param name="options">Queue client options; <see cref="CreateOptions"/> when absent. Message encoding is always base64.</param>
    public StorageQueueNotificationSender(string connectionString, string queueName = "notifications", QueueClientOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(connectionString);
        _queue = new QueueClient(connectionString, queueName, Base64(options));
    }

    /// <summary>Creates a sender that authenticates with Entra ID (the role <c>Storage Queue Data Message Sender</c>).</summary>
    /// <param name="queueUri">The queue, such as <c>https://account.queue.core.windows.net/notifications</c>.</param>
    /// <param name="credential">The credential.</param>
    /// <param name="options">Queue client options; <see cref="CreateOptions"/> when absent. Message encoding is always base64.</param>
    public StorageQueueNotificationSender(Uri queueUri, TokenCredential credential, QueueClientOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(queueUri);
        ArgumentNullException.ThrowIfNull(credential);
        _queue = new QueueClient(queueUri, credential, Base64(options));
    }

    /// <summary>Gets the queue's name.</summary>
    public virtual string QueueName => _queue.Name;

    /// <summary>
    /// The options used when none are given: base64 messages, and service version 2026-06-06, which both Azure and
    /// Azurite 3.37 accept (Azurite refuses the library's newer default unless started with <c>--skipApiVersionCheck</c>).
    /// </summary>
    /// <returns>New options.</returns>
    public static QueueClientOptions CreateOptions() =>
        new(QueueClientOptions.ServiceVersion.V2026_06_06) { MessageEncoding = QueueMessageEncoding.Base64 };

    /// <summary>Sends one notification as one message.</summary>
    /// <param name="notification">The notification; its id is chosen now if it has none.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The queue's receipt.</returns>
    /// <exception cref="NotificationValidationException">The notification breaks a rule or is too large for a queue message; nothing was sent.</exception>
    public virtual Task<Response<SendReceipt>> SendAsync(Notification notification, CancellationToken cancellationToken = default)
    {
        NotificationRules.Check(notification, _limits);
        return SendBodyAsync(NotificationMessages.Body(notification), cancellationToken);
    }

    /// <summary>
    /// Sends up to 100 notifications as one message (a JSON array), which the app publishes in order as it publishes an
    /// HTTP batch. Checked as the app checks a batch: distinct ids, and at most 2,000 recipients over all of them.
    /// </summary>
    /// <param name="notifications">1 to 100 notifications.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The queue's receipt.</returns>
    /// <exception cref="NotificationValidationException">A notification breaks a rule or the batch is too large for a queue message; nothing was sent.</exception>
    public virtual Task<Response<SendReceipt>> SendBatchAsync(IEnumerable<Notification> notifications, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(notifications);
        var batch = notifications.ToArray();
        NotificationRules.CheckBatch(batch, _limits);
        return SendBodyAsync(NotificationMessages.Body(batch), cancellationToken);
    }

    private async Task<Response<SendReceipt>> SendBodyAsync(byte[] body, CancellationToken cancellationToken)
    {
        if (body.Length > MaxBodyBytes)
        {
            throw new NotificationValidationException([new NotificationFieldError("body", $"is {body.Length} bytes; a Storage queue message holds at most {MaxBodyBytes} bytes of JSON once base64-encoded. Send fewer notifications per message, or use the HTTP client.")]);
        }

        return await _queue.SendMessageAsync(new BinaryData(body), cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    private static QueueClientOptions Base64(QueueClientOptions? options)
    {
        options ??= CreateOptions();
        options.MessageEncoding = QueueMessageEncoding.Base64;
        return options;
    }
}

using System.Diagnostics;
using Azure.Messaging.ServiceBus;
using Notifier.Publisher.Queues;
using Notifier.Publisher.Validation;

namespace Notifier.Publisher;

/// <summary>
/// Puts notifications on the Service Bus queue the function app's <c>servicebus-notifications</c> function reads (the
/// production path for backends on Azure: peek-lock delivery, dead-lettering). Each notification is one message whose
/// <c>MessageId</c> is the notification id, so the namespace's duplicate detection and the app's de-duplication agree
/// on what a repeat is. Checked against the service's rules before sending: a message the app refuses would only be
/// dead-lettered after its delivery count.
/// </summary>
public class ServiceBusNotificationSender
{
    /// <summary>The application property carrying the W3C trace context of the sending activity.</summary>
    public const string TraceParentProperty = "traceparent";

    private readonly ServiceBusSender _sender = null!;
    private readonly PublishLimits _limits = PublishLimits.Default;

    /// <summary>For mocking.</summary>
    protected ServiceBusNotificationSender()
    {
    }

    /// <summary>Creates a sender over a Service Bus sender for the notifications queue.</summary>
    /// <param name="sender">A sender from <c>ServiceBusClient.CreateSender("notifications")</c>; its owner disposes it.</param>
    public ServiceBusNotificationSender(ServiceBusSender sender)
    {
        ArgumentNullException.ThrowIfNull(sender);
        _sender = sender;
    }

    /// <summary>Creates a sender for a queue of <paramref name="client"/>.</summary>
    /// <param name="client">The Service Bus client (connection string, or namespace and credential).</param>
    /// <param name="queueName">The queue the function app reads; <c>notifications</c> as deployed by infra/.</param>
    public ServiceBusNotificationSender(ServiceBusClient client, string queueName = "notifications")
        : this((client ?? throw new ArgumentNullException(nameof(client))).CreateSender(queueName))
    {
    }

    /// <summary>Sends one notification as one message.</summary>
    /// <param name="notification">The notification; its id is chosen now if it has none.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when Service Bus has the message.</returns>
    /// <exception cref="NotificationValidationException">The notification breaks a rule; nothing was sent.</exception>
    public virtual async Task SendAsync(Notification notification, CancellationToken cancellationToken = default)
    {
        NotificationRules.Check(notification, _limits);
        await _sender.SendMessageAsync(ToMessage(notification), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Sends notifications, one message each, in as few <see cref="ServiceBusMessageBatch"/>es as their size allows.
    /// All are checked first; a batch that fails part-way can be sent again whole, since each message id is its
    /// notification's id.
    /// </summary>
    /// <param name="notifications">The notifications, with distinct ids.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>How many Service Bus batches were sent.</returns>
    /// <exception cref="NotificationValidationException">A notification breaks a rule; nothing was sent.</exception>
    public virtual async Task<int> SendBatchAsync(IEnumerable<Notification> notifications, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(notifications);
        var all = notifications.ToArray();
        NotificationRules.CheckEach(all, _limits);
        var sent = 0;
        var batch = await _sender.CreateMessageBatchAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            foreach (var notification in all)
            {
                var message = ToMessage(notification);
                if (batch.TryAddMessage(message))
                {
                    continue;
                }

                if (batch.Count == 0)
                {
                    throw new NotificationValidationException([new NotificationFieldError("body", $"of notification '{notification.Id}' is larger than a Service Bus message may be ({batch.MaxSizeInBytes} bytes).")]);
                }

                await _sender.SendMessagesAsync(batch, cancellationToken).ConfigureAwait(false);
                sent++;
                batch.Dispose();
                batch = await _sender.CreateMessageBatchAsync(cancellationToken).ConfigureAwait(false);
                if (!batch.TryAddMessage(message))
                {
                    throw new NotificationValidationException([new NotificationFieldError("body", $"of notification '{notification.Id}' is larger than a Service Bus message may be ({batch.MaxSizeInBytes} bytes).")]);
                }
            }

            if (batch.Count > 0)
            {
                await _sender.SendMessagesAsync(batch, cancellationToken).ConfigureAwait(false);
                sent++;
            }
        }
        finally
        {
            batch.Dispose();
        }

        return sent;
    }

    private static ServiceBusMessage ToMessage(Notification notification)
    {
        var message = new ServiceBusMessage(NotificationMessages.Body(notification))
        {
            MessageId = notification.Id,
            ContentType = NotificationMessages.ContentType,
            Subject = notification.Type,
        };

        // A message the queue held past the notification's lifetime would be recorded expired anyway; let Service Bus drop it.
        if (notification.TtlSeconds is { } ttl)
        {
            message.TimeToLive = TimeSpan.FromSeconds(ttl);
        }

        if (Activity.Current is { IdFormat: ActivityIdFormat.W3C } activity)
        {
            message.ApplicationProperties[TraceParentProperty] = activity.Id;
            if (!string.IsNullOrEmpty(activity.TraceStateString))
            {
                message.ApplicationProperties["tracestate"] = activity.TraceStateString;
            }
        }

        return message;
    }
}

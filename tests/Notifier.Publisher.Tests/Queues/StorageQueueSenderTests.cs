using System.Text.Json;
using Azure.Storage.Queues;
using Microsoft.Extensions.Logging.Abstractions;
using Notifier.DevHost.QueueTriggers;
using Notifier.Publisher.Tests.Infrastructure;

namespace Notifier.Publisher.Tests.Queues;

/// <summary>
/// The Storage queue sender against Azurite, read by the local stand-in for the Functions host's queue trigger and
/// published by the function app to a connected client.
/// </summary>
[Collection(StackCollectionDefinition.Name)]
public sealed class StorageQueueSenderTests(StackFixture fixture)
{
    private LocalNotifier Stack => fixture.Stack;

    [Fact]
    public async Task A_sent_notification_is_base64_on_the_queue_and_reaches_the_connected_user_through_the_trigger()
    {
        var (pump, queueName) = await CreatePumpAsync();
        var user = LocalNotifier.NewUser("queued");
        await using var socket = await Stack.ConnectAsync(user);
        var notification = new Notification(NotificationRecipients.ToUsers(user)) { Title = "From the queue", Body = "caf\u00e9" };

        await new StorageQueueNotificationSender(Stack.Azurite.ConnectionString, queueName).SendAsync(notification);

        // Read raw, as the host's trigger reads it: the text is base64 of the notification's JSON.
        var raw = Assert.Single((await new QueueClient(Stack.Azurite.ConnectionString, queueName).PeekMessagesAsync(10)).Value);
        using (var body = JsonDocument.Parse(Convert.FromBase64String(raw.MessageText)))
        {
            Assert.Equal(notification.Id, body.RootElement.GetProperty("id").GetString());
        }

        Assert.Equal(1, await pump.PumpOnceAsync(CancellationToken.None));
        var payload = await socket.ReceiveNotificationAsync();
        Assert.Equal(notification.Id, payload.GetProperty("id").GetString());
        Assert.Equal("caf\u00e9", payload.GetProperty("body").GetString());
        Assert.Equal("queue:notifications", (await Stack.CreateClient().GetStatusAsync(notification.Id)).Value.Publisher);
    }

    [Fact]
    public async Task A_batch_is_one_message_the_app_publishes_in_order_and_a_resent_batch_adds_nothing()
    {
        var (pump, queueName) = await CreatePumpAsync();
        var user = LocalNotifier.NewUser("qbatch");
        var sender = new StorageQueueNotificationSender(Stack.Azurite.ConnectionString, queueName);
        var batch = Enumerable.Range(1, 3).Select(i => new Notification(NotificationRecipients.ToUsers(user)) { Title = $"#{i}" }).ToArray();

        await sender.SendBatchAsync(batch);
        await sender.SendBatchAsync(batch);
        while (await pump.PumpOnceAsync(CancellationToken.None) > 0)
        {
        }

        Assert.Equal(batch.Select(n => n.Id), await Stack.InboxIdsAsync(user));
        Assert.Empty((await new QueueClient(Stack.Azurite.ConnectionString, queueName + "-poison").PeekMessagesAsync(10)).Value);
    }

    [Fact]
    public async Task A_message_too_large_for_the_queue_is_refused_before_sending()
    {
        var (_, queueName) = await CreatePumpAsync();
        var sender = new StorageQueueNotificationSender(Stack.Azurite.ConnectionString, queueName);
        var batch = Enumerable.Range(1, 2).Select(_ => new Notification(NotificationRecipients.ToUsers("u")) { Body = new string('x', 30_000) }).ToArray();

        var error = await Assert.ThrowsAsync<NotificationValidationException>(() => sender.SendBatchAsync(batch));

        Assert.Equal("body", Assert.Single(error.Errors).Field);
        Assert.Empty((await new QueueClient(Stack.Azurite.ConnectionString, queueName).PeekMessagesAsync(10)).Value);
    }

    private async Task<(QueueTriggerPump Pump, string QueueName)> CreatePumpAsync()
    {
        var queueName = "pub-" + Guid.NewGuid().ToString("N")[..12];
        QueueClient Create(string name) => HostQueueClients.Create(Stack.Azurite.ConnectionString, name);
        var pump = new QueueTriggerPump(Create(queueName), Create, Stack.App.Host, new QueueTriggerOptions
        {
            FunctionName = "queue-notifications",
            PoisonOutput = ("poison", queueName + "-poison"),
            VisibilityTimeout = TimeSpan.FromSeconds(1),
        }, NullLogger.Instance);
        await pump.EnsureQueuesAsync(CancellationToken.None);
        return (pump, queueName);
    }
}

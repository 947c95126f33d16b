using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Azure.Messaging.ServiceBus;
using Notifier.Publisher.Tests.Infrastructure;

namespace Notifier.Publisher.Tests.Queues;

/// <summary>
/// The Service Bus sender's messages, captured from a sender with no broker, and then exactly those messages in the
/// wrapped form the Functions host posts, given to the function app's <c>servicebus-notifications</c> endpoint.
/// </summary>
[Collection(StackCollectionDefinition.Name)]
public sealed class ServiceBusSenderTests(StackFixture fixture)
{
    private LocalNotifier Stack => fixture.Stack;

    [Fact]
    public async Task A_message_carries_the_notification_its_id_and_the_trace_and_the_app_publishes_it_once_however_often_it_is_delivered()
    {
        var user = LocalNotifier.NewUser("bus");
        await using var socket = await Stack.ConnectAsync(user);
        var bus = new CapturingServiceBusSender();
        var notification = new Notification(NotificationRecipients.ToUsers(user)) { Type = "invoice.paid", Title = "Paid", TtlSeconds = 3600 };
        using var activity = new Activity("orders.checkout").SetIdFormat(ActivityIdFormat.W3C).Start();

        await new ServiceBusNotificationSender(bus).SendAsync(notification);

        var message = Assert.Single(Assert.Single(bus.Sends));
        Assert.Equal(notification.Id, message.MessageId);
        Assert.Equal("application/json", message.ContentType);
        Assert.Equal("invoice.paid", message.Subject);
        Assert.Equal(TimeSpan.FromHours(1), message.TimeToLive);
        Assert.Equal(activity.Id, message.ApplicationProperties[ServiceBusNotificationSender.TraceParentProperty]);
        using (var body = JsonDocument.Parse(message.Body.ToString()))
        {
            Assert.Equal(notification.Id, body.RootElement.GetProperty("id").GetString());
            Assert.Equal(user, body.RootElement.GetProperty("to").GetProperty("users")[0].GetString());
        }

        // The broker may deliver a message twice (a lost completion): both invocations succeed, one notification results.
        await InvokeAsync(HostInvocation.Received(message, deliveryCount: 1));
        await InvokeAsync(HostInvocation.Received(message, deliveryCount: 2));

        Assert.Equal(notification.Id, (await socket.ReceiveNotificationAsync()).GetProperty("id").GetString());
        Assert.Equal([notification.Id], await Stack.InboxIdsAsync(user));
        var status = (await Stack.CreateClient().GetStatusAsync(notification.Id)).Value;
        Assert.Equal("servicebus:notifications", status.Publisher);
    }

    [Fact]
    public async Task Many_notifications_go_in_as_few_batches_as_fit_one_message_each_and_the_app_takes_every_one_in_order()
    {
        var user = LocalNotifier.NewUser("bulk");
        var bus = new CapturingServiceBusSender(maxBatchBytes: 1000);
        var notifications = Enumerable.Range(1, 12).Select(i => new Notification(NotificationRecipients.ToUsers(user)) { Title = $"Item {i}", Body = new string('x', 100) }).ToArray();

        var batches = await new ServiceBusNotificationSender(bus).SendBatchAsync(notifications);

        Assert.True(batches > 1, "1,000-byte batches cannot hold twelve 200-byte messages");
        Assert.Equal(batches, bus.Sends.Count);
        Assert.All(bus.Sends, send => Assert.True(send.Sum(m => m.Body.ToMemory().Length) <= 1000));
        Assert.Equal(notifications.Select(n => n.Id), bus.Messages.Select(m => m.MessageId));
        foreach (var message in bus.Messages)
        {
            await InvokeAsync(HostInvocation.Received(message));
        }

        Assert.Equal(notifications.Select(n => n.Id), await Stack.InboxIdsAsync(user));
    }

    [Fact]
    public async Task A_broken_notification_is_refused_before_anything_is_sent()
    {
        var bus = new CapturingServiceBusSender();
        var good = new Notification(NotificationRecipients.ToUsers("ok")) { Title = "fine" };
        var bad = new Notification(NotificationRecipients.ToUsers("ok")) { Receipt = true, Title = "who gets the receipt?" };

        var error = await Assert.ThrowsAsync<NotificationValidationException>(() => new ServiceBusNotificationSender(bus).SendBatchAsync([good, bad]));

        Assert.Equal("[1].receipt", Assert.Single(error.Errors).Field);
        Assert.Empty(bus.Sends);
    }

    private async Task InvokeAsync(ServiceBusReceivedMessage message)
    {
        using var content = new ByteArrayContent(HostInvocation.ForServiceBus(message));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        using var response = await Stack.App.Host.PostAsync("servicebus-notifications", content);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"servicebus-notifications answered {(int)response.StatusCode}: {text}");
    }
}

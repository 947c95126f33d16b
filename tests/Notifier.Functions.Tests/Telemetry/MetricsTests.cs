using System.Diagnostics.Metrics;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Notifier.Functions.Tests.Infrastructure;

namespace Notifier.Functions.Tests.Telemetry;

/// <summary>The <c>Notifier</c> meter: each outcome moves its counter by exactly one, with the source and outcome attributes.</summary>
[Collection(TelemetryCollectionDefinition.Name)]
public sealed class MetricsTests : IDisposable
{
    private const string Notifications = "notifier.notifications";
    private readonly NotifierEnvironment _stack;
    private readonly MeasurementRecorder _metrics;

    public MetricsTests(StackFixture fixture)
    {
        _stack = fixture.Stack;
        _metrics = new MeasurementRecorder(_stack.App.Services.GetRequiredService<IMeterFactory>());
    }

    public void Dispose() => _metrics.Dispose();

    [Fact]
    public async Task A_publish_to_a_connected_user_counts_one_accepted_and_one_pushed()
    {
        var user = NotifierClient.NewUser("counted");
        await using var socket = await _stack.Client.ConnectAsync(user);

        await _stack.Client.PublishAcceptedAsync($$"""{"to":{"users":["{{user}}"]},"title":"Counted"}""");
        await socket.ReceiveEnvelopeAsync("notification");

        Assert.Equal(1, _metrics.Sum(Notifications, ("notifier.outcome", "accepted"), ("notifier.source", "http")));
        Assert.Equal(1, _metrics.Sum(Notifications, ("notifier.outcome", "pushed"), ("notifier.source", "http")));
        Assert.Equal(2, _metrics.Sum(Notifications));
        var publish = Assert.Single(_metrics.All, m => m.Instrument == "notifier.publish.duration");
        Assert.Equal("s", publish.Unit);
        Assert.Equal("accepted", publish.Tags["notifier.outcome"]);
        Assert.Equal("http", publish.Tags["notifier.source"]);
        Assert.Equal(1, _metrics.Count("notifier.delivery.duration", ("notifier.source", "http")));
        Assert.Equal(1, _metrics.Count("notifier.push.duration", ("notifier.push.kind", "notification"), ("notifier.outcome", "pushed")));
        Assert.True(publish.Value >= _metrics.All.Single(m => m.Instrument == "notifier.push.duration").Value);
        Assert.Contains(_metrics.All, m => m.Instrument == "notifier.storage.duration" && Equals(m.Tags["notifier.storage.table"], "Inbox"));
    }

    [Fact]
    public async Task A_replay_and_a_conflict_count_once_each_and_store_nothing_new()
    {
        var user = NotifierClient.NewUser("again");
        var id = NotifierClient.NewId();
        await _stack.Client.PublishAcceptedAsync($$"""{"id":"{{id}}","to":{"users":["{{user}}"]},"title":"First"}""");

        await _stack.Client.PublishAcceptedAsync($$"""{"id":"{{id}}","to":{"users":["{{user}}"]},"title":"First"}""");
        using var conflict = await _stack.Client.PublishAsync($$"""{"id":"{{id}}","to":{"users":["{{user}}"]},"title":"Other"}""");

        Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);
        Assert.Equal(1, _metrics.Sum(Notifications, ("notifier.outcome", "accepted")));
        Assert.Equal(1, _metrics.Sum(Notifications, ("notifier.outcome", "replayed")));
        Assert.Equal(1, _metrics.Sum(Notifications, ("notifier.outcome", "conflicted")));
        Assert.Equal(3, _metrics.Count("notifier.publish.duration"));
    }

    [Fact]
    public async Task An_expired_queue_message_counts_as_expired()
    {
        var user = NotifierClient.NewUser("late");
        var inserted = DateTimeOffset.UtcNow.AddMinutes(-10).ToString("yyyy-MM-ddTHH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture);

        using var response = await InvokeAsync("queue-notifications", $$"""{"to":{"users":["{{user}}"]},"title":"Too late","ttlSeconds":60}""", $$"""{"DequeueCount":"1","Id":{{Twice(Guid.NewGuid().ToString())}},"InsertionTime":"{{inserted}}"}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, _metrics.Sum(Notifications, ("notifier.outcome", "expired"), ("notifier.source", "storage_queue")));
        Assert.Equal(1, _metrics.Sum(Notifications));
    }

    [Fact]
    public async Task Malformed_queue_messages_count_as_poisoned_or_dead_lettered()
    {
        using var storage = await InvokeAsync("queue-notifications", """{"to":{}}""", $$"""{"DequeueCount":"1","Id":{{Twice(Guid.NewGuid().ToString())}}}""");
        using var bus = await InvokeAsync("servicebus-notifications", """{"to":{}}""", $$"""{"DeliveryCount":"1","MessageId":{{Twice(Guid.NewGuid().ToString())}}}""");

        Assert.Equal(HttpStatusCode.OK, storage.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, bus.StatusCode);
        Assert.Equal(1, _metrics.Sum("notifier.queue.rejections", ("notifier.source", "storage_queue"), ("notifier.queue.disposition", "poison"), ("notifier.rejection.reason", "invalid")));
        Assert.Equal(1, _metrics.Sum("notifier.queue.rejections", ("notifier.source", "service_bus"), ("notifier.queue.disposition", "dead_letter"), ("notifier.rejection.reason", "invalid")));
        Assert.Equal(0, _metrics.Sum(Notifications));
    }

    [Fact]
    public async Task Connections_are_counted_from_the_connected_and_disconnected_events()
    {
        var socket = await _stack.Client.ConnectAsync(NotifierClient.NewUser("counted"));
        await Eventually.TrueAsync(() => _metrics.Sum("notifier.connections.opened") >= 1, "the connected event should count the connection.");
        await socket.DisposeAsync();
        await Eventually.TrueAsync(() => _metrics.Sum("notifier.connections.closed") >= 1, "the disconnected event should count the close.");

        Assert.Equal(1, _metrics.Sum("notifier.connections.opened"));
    }

    [Fact]
    public async Task Rate_limit_refusals_are_counted_by_kind_of_caller()
    {
        await using var stack = await NotifierEnvironment.StartAsync(_stack.Azurite, new Dictionary<string, string?>
        {
            ["Notifier:RateLimits:UserPerSecond"] = "1",
            ["Notifier:RateLimits:UserBurst"] = "2",
            ["Notifier:RateLimits:PublisherPerSecond"] = "1",
            ["Notifier:RateLimits:PublisherBurst"] = "100",
        });
        using var metrics = new MeasurementRecorder(stack.App.Services.GetRequiredService<IMeterFactory>());
        var user = NotifierClient.NewUser("hasty");
        var refusedUser = 0;
        for (var i = 0; i < 20 && refusedUser == 0; i++)
        {
            using var request = NotifierClient.UserRequest(HttpMethod.Get, "api/inbox/unread-count", user);
            using var response = await stack.App.Http.SendAsync(request);
            refusedUser += response.StatusCode == HttpStatusCode.TooManyRequests ? 1 : 0;
        }

        // 100 recipients take the whole bucket; a permit a second refills it while publishes run, so publish until refused.
        var groups = string.Join(',', Enumerable.Range(0, 100).Select(g => $"\"g{g}-{Guid.NewGuid():N}\""));
        using var all = await stack.Client.PublishAsync($$"""{"to":{"groups":[{{groups}}]},"title":"Everything"}""");
        var refusedPublisher = 0;
        for (var i = 0; i < 20 && refusedPublisher == 0; i++)
        {
            using var response = await stack.Client.PublishAsync($$"""{"to":{"users":["{{user}}"]},"title":"One more"}""");
            refusedPublisher += response.StatusCode == HttpStatusCode.TooManyRequests ? 1 : 0;
        }

        Assert.Equal(1, refusedUser);
        Assert.Equal(HttpStatusCode.Accepted, all.StatusCode);
        Assert.Equal(1, refusedPublisher);
        Assert.Equal(1, metrics.Sum("notifier.rate_limit.refusals", ("notifier.caller.kind", "user")));
        Assert.Equal(1, metrics.Sum("notifier.rate_limit.refusals", ("notifier.caller.kind", "publisher")));
    }

    private Task<HttpResponseMessage> InvokeAsync(string function, string message, string metadata) =>
        _stack.App.Host.PostAsync(function, new StringContent("{\"Data\":{\"message\":" + Twice(message) + "},\"Metadata\":" + metadata + "}", Encoding.UTF8, "application/json"));

    private static string Twice(string value) => JsonSerializer.Serialize(JsonSerializer.Serialize(value));
}

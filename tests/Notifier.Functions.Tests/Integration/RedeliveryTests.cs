using System.Net;
using System.Text;
using System.Text.Json;
using Azure.Core;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Notifier.Core.Inbox;
using Notifier.Functions.QueueTriggers;
using Notifier.Functions.Storage;
using Notifier.Functions.Tests.Fakes;
using Notifier.Functions.Tests.Infrastructure;
using Notifier.Testing.Azurite;
using Notifier.Testing.Time;

namespace Notifier.Functions.Tests.Integration;

/// <summary>
/// A single user's notification is answered once its record and pending marker are stored; the inbox append and push
/// follow. What a process leaves undelivered keeps its marker, and the <c>redeliver</c> timer delivers it, once.
/// </summary>
[Collection(AzuriteCollectionDefinition.Name)]
public sealed class RedeliveryTests : IAsyncLifetime
{
    private const string TimerInvocation = """{"Data":{"timer":{"IsPastDue":false}},"Metadata":{"sys":{"MethodName":"redeliver"}}}""";
    private readonly AzuriteFixture _azurite;
    private readonly ManualTimeProvider _clock = new(DateTimeOffset.UtcNow);
    private readonly TableRequestCounter _requests = new();
    private NotifierEnvironment _stack = null!;
    private InboxAppendOutage _outage = null!;

    public RedeliveryTests(AzuriteFixture azurite)
    {
        _azurite = azurite;
    }

    public async Task InitializeAsync()
    {
        _stack = await NotifierEnvironment.StartAsync(_azurite, services: services =>
        {
            services.AddSingleton<TimeProvider>(_clock);
            services.ConfigureAll<TableClientOptions>(options => options.AddPolicy(_requests, HttpPipelinePosition.PerRetry));
            services.AddSingleton(sp => new InboxAppendOutage(sp.GetRequiredService<TableInboxStore>()));
            services.AddSingleton<IInboxStore>(sp => sp.GetRequiredService<InboxAppendOutage>());
        });
        _outage = _stack.App.Services.GetRequiredService<InboxAppendOutage>();
    }

    public async Task DisposeAsync() => await _stack.DisposeAsync();

    private NotifierClient Client => _stack.Client;

    [Fact]
    public async Task A_notification_accepted_while_the_inbox_is_down_is_delivered_once_by_the_timer_after_the_grace_period()
    {
        var user = NotifierClient.NewUser("redeliver");
        var id = NotifierClient.NewId();
        await using var client = await _stack.ConnectAsync(user);
        _outage.Down = true;

        // Accepted: the record and its marker are stored; the append fails through its retries and is left pending.
        var accepted = await Client.PublishAcceptedAsync(Item(id, user, "while down"));
        Assert.Equal("accepted", accepted.GetProperty("status").GetString());
        Assert.Equal("accepted", (await Client.StatusAsync(id))!.Value.GetProperty("state").GetString());
        Assert.Equal(1, await CountPendingAsync(id));
        _outage.Down = false;

        // Within the grace period a pending delivery may still be under way elsewhere: left alone.
        Assert.Contains("Found 0 ", await RedeliverAsync());
        Assert.Empty(await Client.AllInboxAsync(user));

        _clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Contains("Found 1 undelivered notifications: delivered 1, expired 0, still pending 0.", await RedeliverAsync());

        Assert.Equal(id, (await client.ReceiveEnvelopeAsync("notification")).GetProperty("payload").GetProperty("id").GetString());
        Assert.Equal([id], (await Client.AllInboxAsync(user)).Select(e => e.Id));
        Assert.Equal("pushed", (await Client.StatusAsync(id))!.Value.GetProperty("state").GetString());
        await Client.WhenDeliveredAsync();
        Assert.Equal(0, await CountPendingAsync(id));
        Assert.Contains("Found 0 ", await RedeliverAsync());
    }

    [Fact]
    public async Task A_single_recipient_publish_makes_one_storage_call_before_its_answer()
    {
        var user = NotifierClient.NewUser("one-call");
        var id = NotifierClient.NewId();
        await using var client = await _stack.ConnectAsync(user);
        await Client.PublishAcceptedAsync(Item(NotifierClient.NewId(), user, "warm-up"));
        await client.ReceiveEnvelopeAsync("notification");

        // The delivery waits at the inbox, so what was sent by the time the answer arrives is the request path alone.
        _outage.Held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var before = _requests.Count;
        using (var request = Publish(Item(id, user, "one call")))
        using (var response = await _stack.App.Http.SendAsync(request))
        {
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        }

        Assert.Equal(1, _requests.Count - before);
        _outage.Held.SetResult();
        _outage.Held = null;
        Assert.Equal(id, (await client.ReceiveEnvelopeAsync("notification")).GetProperty("payload").GetProperty("id").GetString());
        await Client.WhenDeliveredAsync();
        Assert.Equal(0, await CountPendingAsync(id));
    }

    [Fact]
    public async Task A_marker_left_behind_after_the_delivery_is_removed_without_storing_or_pushing_again()
    {
        var user = NotifierClient.NewUser("leftover");
        var id = NotifierClient.NewId();
        await using var client = await _stack.ConnectAsync(user);
        await Client.PublishAcceptedAsync(Item(id, user, "once"));
        await client.ReceiveEnvelopeAsync("notification");

        // As a process that died between the append and the marker's removal leaves it.
        var table = new TableServiceClient(_azurite.ConnectionString).GetTableClient(TableNames.Notifications);
        await table.AddEntityAsync(new TableEntity(RecordPartitions.Of(id), "pending|" + id) { ["Due"] = _clock.GetUtcNow() });
        _clock.Advance(TimeSpan.FromMinutes(1));

        Assert.Contains("Found 1 undelivered notifications: delivered 1,", await RedeliverAsync());

        // The next push the client sees is the next notification, not the first one again.
        var next = NotifierClient.NewId();
        await Client.PublishAcceptedAsync(Item(next, user, "next"));
        Assert.Equal(next, (await client.ReceiveEnvelopeAsync("notification")).GetProperty("payload").GetProperty("id").GetString());
        Assert.Equal([id, next], (await Client.AllInboxAsync(user)).Select(e => e.Id).Where(e => e == id || e == next));
        Assert.Equal(0, await CountPendingAsync(id));
    }

    [Fact]
    public async Task A_notification_that_expires_before_anyone_delivers_it_reaches_nobody_and_says_expired()
    {
        var user = NotifierClient.NewUser("lapsed");
        var id = NotifierClient.NewId();
        _outage.Down = true;
        await Client.PublishAcceptedAsync($$"""{"id":"{{id}}","to":{"users":["{{user}}"]},"title":"short","ttlSeconds":30}""");
        _outage.Down = false;
        _clock.Advance(TimeSpan.FromMinutes(1));

        Assert.Contains("Found 1 undelivered notifications: delivered 0, expired 1, still pending 0.", await RedeliverAsync());

        Assert.Empty(await Client.AllInboxAsync(user));
        Assert.Equal("expired", (await Client.StatusAsync(id))!.Value.GetProperty("state").GetString());
        Assert.Equal(0, await CountPendingAsync(id));
    }

    [Fact]
    public async Task Only_the_host_may_invoke_the_timer()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "redeliver") { Content = new StringContent(TimerInvocation, Encoding.UTF8, "application/json") };
        request.Headers.Add(HostInvocationKey.HeaderName, "guessed");

        using var response = await _stack.App.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    private static HttpRequestMessage Publish(string json)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "api/notifications") { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Api-Key", StackSettings.ApiKey);
        return request;
    }

    private static string Item(string id, string user, string title) => $$"""{"id":"{{id}}","to":{"users":["{{user}}"]},"title":"{{title}}"}""";

    private async Task<string> RedeliverAsync()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "redeliver") { Content = new StringContent(TimerInvocation, Encoding.UTF8, "application/json") };
        using var response = await _stack.App.Host.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"redeliver answered {(int)response.StatusCode}: {body}");
        using var document = JsonDocument.Parse(body);
        return document.RootElement.GetProperty("Logs")[0].GetString()!;
    }

    private async Task<int> CountPendingAsync(string id)
    {
        var table = new TableServiceClient(_azurite.ConnectionString).GetTableClient(TableNames.Notifications);
        var count = 0;
        await foreach (var unused in table.QueryAsync<TableEntity>(e => e.PartitionKey == RecordPartitions.Of(id) && e.RowKey == "pending|" + id))
        {
            count++;
        }

        return count;
    }
}

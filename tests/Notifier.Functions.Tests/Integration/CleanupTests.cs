using System.Net;
using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Notifier.Functions.QueueTriggers;
using Notifier.Functions.Tests.Infrastructure;
using Notifier.Testing.Azurite;
using Notifier.Testing.Time;

namespace Notifier.Functions.Tests.Integration;

/// <summary>The clean-up timer function: expired entries, stream items and records go, unread counts stay right, and only the host may invoke it.</summary>
[Collection(AzuriteCollectionDefinition.Name)]
public sealed class CleanupTests
{
    // What the Functions host posts for a timer (functions-custom-handler: the TimerInfo object under the binding's name).
    private const string TimerInvocation = """{"Data":{"timer":{"Schedule":{"AdjustForDST":true},"ScheduleStatus":{"Last":"2026-01-05T09:55:00+00:00","Next":"2026-01-05T10:00:00+00:00","LastUpdated":"2026-01-05T09:55:00+00:00"},"IsPastDue":false}},"Metadata":{"sys":{"MethodName":"cleanup","UtcNow":"2026-01-05T10:00:00.01Z","RandGuid":"5c0e0000-0000-0000-0000-000000000000"}}}""";
    private readonly AzuriteFixture _azurite;

    public CleanupTests(AzuriteFixture azurite)
    {
        _azurite = azurite;
    }

    private static async Task<HttpResponseMessage> InvokeAsync(NotifierEnvironment stack, string? key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "cleanup") { Content = new StringContent(TimerInvocation, Encoding.UTF8, "application/json") };
        if (key is not null)
        {
            request.Headers.Add(HostInvocationKey.HeaderName, key);
        }

        return await stack.App.Http.SendAsync(request);
    }

    private async Task<int> CountAsync(string table, string filter)
    {
        var client = new TableServiceClient(_azurite.ConnectionString).GetTableClient(table);
        var count = 0;
        await foreach (var unused in client.QueryAsync<TableEntity>(filter, select: ["RowKey"]))
        {
            count++;
        }

        return count;
    }

    [Fact]
    public async Task Expired_rows_are_deleted_and_unread_counts_stay_right()
    {
        var clock = new ManualTimeProvider(DateTimeOffset.UtcNow);
        await using var stack = await NotifierEnvironment.StartAsync(_azurite, services: services => services.AddSingleton<TimeProvider>(clock));
        var key = stack.App.Services.GetRequiredService<HostInvocationKey>().Value;
        var user = NotifierClient.NewUser("swept");
        var group = "g" + Guid.NewGuid().ToString("N")[..12];
        await stack.Client.InboxAsync(user);
        var shortLived = NotifierClient.NewId();
        var shortGroup = NotifierClient.NewId();
        var longLived = NotifierClient.NewId();
        var deleted = NotifierClient.NewId();
        await stack.Client.PublishAcceptedAsync($$"""[{"id":"{{shortLived}}","to":{"users":["{{user}}"]},"title":"soon gone","ttlSeconds":60},{"id":"{{deleted}}","to":{"users":["{{user}}"]},"title":"deleted","ttlSeconds":60},{"id":"{{longLived}}","to":{"users":["{{user}}"]},"title":"stays"},{"id":"{{shortGroup}}","to":{"groups":["{{group}}"]},"title":"group","ttlSeconds":60}]""");
        await stack.Client.ChangedAsync(user, "delete", $$"""{"ids":["{{deleted}}"]}""");
        Assert.Equal(2, await stack.Client.UnreadAsync(user));

        clock.Advance(TimeSpan.FromSeconds(61));
        using var refused = await InvokeAsync(stack, key: null);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(1, await CountAsync("Streams", $"PartitionKey eq 'group:{group}' and RowKey ge 'e:' and RowKey lt 'e;'"));

        using var swept = await InvokeAsync(stack, key);
        Assert.Equal(HttpStatusCode.OK, swept.StatusCode);
        Assert.Contains("\"Logs\"", await swept.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // Of the user's rows the long-lived entry, its index and the head are left, and the two ended entries as
        // tombstones that keep their sequences taken; the group's stream is empty.
        Assert.Equal(5, await CountAsync("Inbox", $"PartitionKey eq '{user}'"));
        Assert.Equal(2, await CountAsync("Inbox", $"PartitionKey eq '{user}' and Deleted eq true"));
        Assert.Equal(0, await CountAsync("Streams", $"PartitionKey eq 'group:{group}' and RowKey ge 'e:' and RowKey lt 'e;'"));
        Assert.Equal(1, await stack.Client.UnreadAsync(user));
        Assert.Equal([longLived], (await stack.Client.AllInboxAsync(user)).Select(e => e.Id).Where(id => id == longLived || id == shortLived || id == deleted));

        // Once no instance can append under a copy of the head from before they ended (a minute, and five for writes
        // under way), the tombstones go too.
        clock.Advance(TimeSpan.FromMinutes(6));
        using (await InvokeAsync(stack, key))
        {
        }

        Assert.Equal(3, await CountAsync("Inbox", $"PartitionKey eq '{user}'"));
        Assert.Equal(1, await stack.Client.UnreadAsync(user));

        // Records outlive their notification by the retention (a day), then go with their delivery rows.
        Assert.NotNull(await stack.Client.StatusAsync(shortLived));
        clock.Advance(TimeSpan.FromDays(1));
        using (await InvokeAsync(stack, key))
        {
        }

        Assert.Null(await stack.Client.StatusAsync(shortLived));
        Assert.NotNull(await stack.Client.StatusAsync(longLived));
    }

    [Fact]
    public async Task A_bound_ids_record_outlives_its_entry_by_the_retention_then_goes_with_its_deliveries()
    {
        var clock = new ManualTimeProvider(DateTimeOffset.UtcNow);
        await using var stack = await NotifierEnvironment.StartAsync(_azurite, services: services => services.AddSingleton<TimeProvider>(clock));
        var key = stack.App.Services.GetRequiredService<HostInvocationKey>().Value;
        var user = NotifierClient.NewUser("bound-swept");
        var answer = await stack.Client.PublishAcceptedAsync($$"""[{"to":{"users":["{{user}}"]},"title":"soon gone","ttlSeconds":60},{"to":{"users":["{{user}}"]},"title":"stays"}]""");
        var ids = answer.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("id").GetString()!).ToList();
        var expiresAt = (await stack.Client.StatusAsync(ids[0]))!.Value.GetProperty("expiresAt").GetString();
        using (await stack.Client.MarkReadAsync(user, """{"all":true}"""))
        {
        }

        Assert.Equal(1, await CountAsync("Notifications", $"PartitionKey eq '{ids[0]}'"));

        // The entry goes at its expiry; the index row, its record, stays for the retention, as a record would.
        clock.Advance(TimeSpan.FromSeconds(61));
        using (await InvokeAsync(stack, key))
        {
        }

        Assert.Equal([ids[1]], (await stack.Client.AllInboxAsync(user)).Select(e => e.Id));
        var status = (await stack.Client.StatusAsync(ids[0]))!.Value;
        Assert.Equal(expiresAt, status.GetProperty("expiresAt").GetString());
        Assert.Equal(1, status.GetProperty("read").GetInt32());

        // A late retry under the id is recognised as expired: nothing is stored again.
        using (var late = await stack.Client.PublishAsync($$"""{"id":"{{ids[0]}}","to":{"users":["{{user}}"]},"title":"soon gone","ttlSeconds":60}"""))
        {
            Assert.Equal(HttpStatusCode.Accepted, late.StatusCode);
            Assert.Equal("expired", JsonDocument.Parse(await late.Content.ReadAsStringAsync()).RootElement.GetProperty("status").GetString());
        }

        Assert.Equal([ids[1]], (await stack.Client.AllInboxAsync(user)).Select(e => e.Id));

        // After the retention the index row and the delivery rows (which carry the expiry too) go.
        clock.Advance(TimeSpan.FromDays(1));
        using (await InvokeAsync(stack, key))
        {
        }

        Assert.Null(await stack.Client.StatusAsync(ids[0]));
        Assert.Equal(0, await CountAsync("Notifications", $"PartitionKey eq '{ids[0]}'"));
        Assert.Equal(0, await CountAsync("Inbox", $"PartitionKey eq '{user}' and RowKey eq 'n:{ids[0]}:{user}'"));
        Assert.NotNull(await stack.Client.StatusAsync(ids[1]));
        Assert.Equal(1, await CountAsync("Notifications", $"PartitionKey eq '{ids[1]}'"));
    }

    [Fact]
    public async Task The_unread_count_is_exact_when_an_entry_expires_before_any_clean_up_ran()
    {
        var clock = new ManualTimeProvider(DateTimeOffset.UtcNow);
        await using var stack = await NotifierEnvironment.StartAsync(_azurite, services: services => services.AddSingleton<TimeProvider>(clock));
        var user = NotifierClient.NewUser("lazy");
        await stack.Client.PublishAcceptedAsync($$"""[{"to":{"users":["{{user}}"]},"title":"a","ttlSeconds":30},{"to":{"users":["{{user}}"]},"title":"b","ttlSeconds":90},{"to":{"users":["{{user}}"]},"title":"c"}]""");
        Assert.Equal(3, await stack.Client.UnreadAsync(user));

        clock.Advance(TimeSpan.FromSeconds(31));
        Assert.Equal(2, await stack.Client.UnreadAsync(user));
        clock.Advance(TimeSpan.FromSeconds(60));
        Assert.Equal(1, await stack.Client.UnreadAsync(user));
    }
}

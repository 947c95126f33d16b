using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Azure.Core;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Notifier.DevHost.QueueTriggers;
using Notifier.Functions.Tests.Fakes;
using Notifier.Functions.Tests.Infrastructure;
using Notifier.Testing.Azurite;

namespace Notifier.Functions.Tests.Integration;

/// <summary>
/// A queue message holding a batch is published as an HTTP batch is: a burst to one user is appended in as few inbox
/// transactions as the 100-operation limit allows, dense and in message order, with ids derived from the message id
/// and lifetimes from its enqueue time. A redelivery (after a lost outcome, or after storage failed part-way) stores
/// nothing twice, and a conflict sends the message to poison after the other items are stored.
/// </summary>
[Collection(AzuriteCollectionDefinition.Name)]
public sealed class QueueBatchTests : IAsyncLifetime
{
    private readonly AzuriteFixture _azurite;
    private readonly TableTransactionOutage _outage = new();
    private readonly TableTransactionRecorder _transactions = new();
    private NotifierEnvironment _stack = null!;

    public QueueBatchTests(AzuriteFixture azurite)
    {
        _azurite = azurite;
    }

    private NotifierClient Client => _stack.Client;

    // The outage first: a transaction it fails never reaches storage, so the recorder does not count it.
    public async Task InitializeAsync() =>
        _stack = await NotifierEnvironment.StartAsync(_azurite, services: services =>
            services.ConfigureAll<TableClientOptions>(options =>
            {
                options.AddPolicy(_outage, HttpPipelinePosition.PerRetry);
                options.AddPolicy(_transactions, HttpPipelinePosition.PerRetry);
            }));

    public async Task DisposeAsync() => await _stack.DisposeAsync();

    [Fact]
    public async Task A_queued_batch_of_100_to_one_user_takes_two_transactions_and_lands_dense_in_message_order()
    {
        var (pump, queue, poison) = await CreatePumpAsync();
        var user = NotifierClient.NewUser("queued-burst");

        var receipt = (await queue.SendMessageAsync(Batch(Enumerable.Range(0, 100).Select(i => Item(user, $"n{i}"))))).Value;
        Assert.Equal(1, await pump.PumpOnceAsync(CancellationToken.None));

        Assert.Equal(0, (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount);
        Assert.Equal(0, (await poison.GetPropertiesAsync()).Value.ApproximateMessagesCount);

        // 50 × (entry + index) = 100 operations: 50 + 50. No head: appends leave it to the next read.
        Assert.Equal(2, _transactions.CountFor(user));
        var ids = ItemIds("q-", receipt.MessageId, 100);
        var inbox = await Client.AllInboxAsync(user);
        Assert.Equal(ids, inbox.Select(e => e.Id));
        Assert.Equal(Enumerable.Range(1, 100).Select(i => (long)i), inbox.Select(e => e.Sequence));
        Assert.Equal(100, await Client.UnreadAsync(user));

        // Every item was handed over when the message was enqueued (the trigger passes the time to the second).
        var enqueued = receipt.InsertionTime.ToUniversalTime();
        var expected = enqueued.AddTicks(-(enqueued.Ticks % TimeSpan.TicksPerSecond));
        foreach (var id in new[] { ids[0], ids[99] })
        {
            var status = (await Client.StatusAsync(id))!.Value;
            Assert.Equal("queue:notifications", status.GetProperty("publisher").GetString());
            Assert.Equal(expected, DateTimeOffset.Parse(status.GetProperty("createdAt").GetString()!, CultureInfo.InvariantCulture));
        }
    }

    [Theory]
    [InlineData("queue-notifications", "q-")]
    [InlineData("servicebus-notifications", "sb-")]
    public async Task A_redelivered_batch_message_stores_nothing_twice(string function, string prefix)
    {
        var user = NotifierClient.NewUser("redelivered-burst");
        var messageId = Guid.NewGuid().ToString("N");
        var invocation = Invocation(function, Batch(Enumerable.Range(0, 100).Select(i => Item(user, $"n{i}"))), messageId);

        // The host delivers the same message twice when the first invocation's outcome was lost.
        var first = await InvokeAsync(function, invocation);
        Assert.All(first, line => Assert.EndsWith(": accepted.", line, StringComparison.Ordinal));
        Assert.Equal(2, _transactions.CountFor(user));
        var again = await InvokeAsync(function, invocation);

        Assert.Equal(100, again.Count);
        Assert.All(again, line => Assert.EndsWith(": duplicate.", line, StringComparison.Ordinal));
        var inbox = await Client.AllInboxAsync(user);
        Assert.Equal(ItemIds(prefix, messageId, 100), inbox.Select(e => e.Id));
        Assert.Equal(Enumerable.Range(1, 100).Select(i => (long)i), inbox.Select(e => e.Sequence));
        Assert.Equal(100, await Client.UnreadAsync(user));
    }

    [Fact]
    public async Task Storage_failing_part_way_through_a_batch_fails_the_invocation_and_the_redelivery_stores_the_rest_once()
    {
        var (pump, queue, poison) = await CreatePumpAsync();
        var user = NotifierClient.NewUser("outage-burst");
        var receipt = (await queue.SendMessageAsync(Batch(Enumerable.Range(0, 100).Select(i => Item(user, $"n{i}"))))).Value;
        var ids = ItemIds("q-", receipt.MessageId, 100);

        // The first transaction commits, the next fails: the invocation fails and the host keeps the message.
        _outage.Begin(user, allowed: 1);
        Assert.Equal(1, await pump.PumpOnceAsync(CancellationToken.None));
        _outage.End();

        Assert.Equal(1, (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount);
        var stored = await Client.AllInboxAsync(user);
        Assert.InRange(stored.Count, 1, 99);
        Assert.Equal(ids.Take(stored.Count), stored.Select(e => e.Id));

        await RedeliverAsync(pump);

        Assert.Equal(0, (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount);
        Assert.Equal(0, (await poison.GetPropertiesAsync()).Value.ApproximateMessagesCount);
        var inbox = await Client.AllInboxAsync(user);
        Assert.Equal(ids, inbox.Select(e => e.Id));
        Assert.Equal(Enumerable.Range(1, 100).Select(i => (long)i), inbox.Select(e => e.Sequence));
        Assert.Equal(100, await Client.UnreadAsync(user));
    }

    [Fact]
    public async Task A_batch_with_mixed_recipients_keeps_every_inbox_dense_and_in_message_order()
    {
        var (pump, queue, poison) = await CreatePumpAsync();
        var (alice, bob) = (NotifierClient.NewUser("mixed-a"), NotifierClient.NewUser("mixed-b"));

        // Alternating single-user items, one item to both (published alone, between two bursts), then more for alice.
        var items = Enumerable.Range(0, 100).Select(i => i switch
        {
            < 60 => Item(i % 2 == 0 ? alice : bob, $"n{i}"),
            60 => $$"""{"to":{"users":["{{alice}}","{{bob}}"]},"title":"both"}""",
            _ => Item(alice, $"n{i}"),
        });
        var receipt = (await queue.SendMessageAsync(Batch(items))).Value;
        Assert.Equal(1, await pump.PumpOnceAsync(CancellationToken.None));
        Assert.Equal(0, (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount);
        Assert.Equal(0, (await poison.GetPropertiesAsync()).Value.ApproximateMessagesCount);

        // Counted before the inboxes are read: a user's first read records their streams in a transaction of its own.
        // alice: 30 in the first burst, the shared item, 39 in the second; bob: 30, then the shared item.
        Assert.Equal(3, _transactions.CountFor(alice));
        Assert.Equal(2, _transactions.CountFor(bob));
        var ids = ItemIds("q-", receipt.MessageId, 100);
        var aliceIds = ids.Where((_, i) => i >= 60 || i % 2 == 0).ToList();
        var bobIds = ids.Where((_, i) => i == 60 || (i < 60 && i % 2 == 1)).ToList();
        var aliceInbox = await Client.AllInboxAsync(alice);
        var bobInbox = await Client.AllInboxAsync(bob);
        Assert.Equal(aliceIds, aliceInbox.Select(e => e.Id));
        Assert.Equal(Enumerable.Range(1, 70).Select(i => (long)i), aliceInbox.Select(e => e.Sequence));
        Assert.Equal(bobIds, bobInbox.Select(e => e.Id));
        Assert.Equal(Enumerable.Range(1, 31).Select(i => (long)i), bobInbox.Select(e => e.Sequence));
    }

    [Fact]
    public async Task A_conflict_in_a_queued_batch_is_that_items_and_the_message_goes_to_poison_after_the_rest_are_stored()
    {
        var (pump, queue, poison) = await CreatePumpAsync();
        var user = NotifierClient.NewUser("queued-conflict");
        var reused = NotifierClient.NewId();
        await Client.PublishAcceptedAsync($$"""{"id":"{{reused}}","to":{"users":["{{user}}"]},"title":"original"}""");
        var items = Enumerable.Range(0, 7).Select(i => i == 3
            ? $$"""{"id":"{{reused}}","to":{"users":["{{user}}"]},"title":"other content"}"""
            : Item(user, $"n{i}"));

        var receipt = (await queue.SendMessageAsync(Batch(items))).Value;
        Assert.Equal(1, await pump.PumpOnceAsync(CancellationToken.None));

        Assert.Equal(0, (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount);
        var poisoned = Assert.Single((await poison.ReceiveMessagesAsync(10)).Value);
        using var document = JsonDocument.Parse(poisoned.MessageText);
        Assert.Equal(receipt.MessageId, document.RootElement.GetProperty("messageId").GetString());
        Assert.StartsWith("[3] ", document.RootElement.GetProperty("reason").GetString(), StringComparison.Ordinal);

        var others = ItemIds("q-", receipt.MessageId, 7).Where((_, i) => i != 3);
        var inbox = await Client.AllInboxAsync(user);
        Assert.Equal([reused, .. others], inbox.Select(e => e.Id));
        Assert.Equal(Enumerable.Range(1, 7).Select(i => (long)i), inbox.Select(e => e.Sequence));
    }

    private async Task<(QueueTriggerPump Pump, QueueClient Queue, QueueClient Poison)> CreatePumpAsync()
    {
        var queueName = "qb-" + Guid.NewGuid().ToString("N")[..12];
        QueueClient Create(string name) => HostQueueClients.Create(_stack.Azurite.ConnectionString, name);
        var queue = Create(queueName);
        var pump = new QueueTriggerPump(queue, Create, _stack.App.Host, new QueueTriggerOptions
        {
            FunctionName = "queue-notifications",
            PoisonOutput = ("poison", queueName + "-poison"),
            VisibilityTimeout = TimeSpan.FromSeconds(1),
            MaxDequeueCount = 3,
        }, NullLogger.Instance);
        await pump.EnsureQueuesAsync(CancellationToken.None);
        return (pump, queue, Create(queueName + "-poison"));
    }

    // The failed message becomes visible again after the pump's visibility timeout, as the host's would.
    private static async Task RedeliverAsync(QueueTriggerPump pump)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (await pump.PumpOnceAsync(CancellationToken.None) == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "the failed message should be delivered again.");
            await Task.Delay(50);
        }
    }

    private async Task<List<string>> InvokeAsync(string function, string invocation)
    {
        using var response = await _stack.App.Host.PostAsync(function, new StringContent(invocation, Encoding.UTF8, "application/json"));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        using var document = JsonDocument.Parse(body);
        Assert.Equal(JsonValueKind.Object, document.RootElement.GetProperty("Outputs").ValueKind);
        Assert.Empty(document.RootElement.GetProperty("Outputs").EnumerateObject());
        return [.. document.RootElement.GetProperty("Logs").EnumerateArray().Select(e => e.GetString()!)];
    }

    /// <summary>The host's invocation of either queue function, strings serialised twice as the host does.</summary>
    private static string Invocation(string function, string message, string messageId)
    {
        var (data, id, at) = (Twice(message), Twice(messageId), DateTimeOffset.UtcNow);
        return function == "servicebus-notifications"
            ? $$$"""{"Data":{"message":{{{data}}}},"Metadata":{"DeliveryCount":"1","MessageId":{{{id}}},"EnqueuedTimeUtc":"{{{at.UtcDateTime:yyyy-MM-ddTHH:mm:ss}}}"}}"""
            : $$$"""{"Data":{"message":{{{data}}}},"Metadata":{"DequeueCount":"1","Id":{{{id}}},"InsertionTime":"{{{at:yyyy-MM-ddTHH:mm:sszzz}}}"}}""";
    }

    private static List<string> ItemIds(string prefix, string messageId, int count) =>
        [.. Enumerable.Range(0, count).Select(i => $"{prefix}{messageId}:{i}")];

    private static string Batch(IEnumerable<string> items) => "[" + string.Join(",", items) + "]";

    private static string Item(string user, string title) => $$"""{"to":{"users":["{{user}}"]},"title":"{{title}}"}""";

    private static string Twice(string value) => JsonSerializer.Serialize(JsonSerializer.Serialize(value));
}

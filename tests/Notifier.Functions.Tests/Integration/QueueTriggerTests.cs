using System.Net;
using System.Text;
using System.Text.Json;
using Azure.Storage.Queues;
using Microsoft.Extensions.Logging.Abstractions;
using Notifier.DevHost.QueueTriggers;
using Notifier.Functions.Tests.Infrastructure;

namespace Notifier.Functions.Tests.Integration;

/// <summary>
/// The queue functions, driven the way the Functions host drives them: messages on a real Azurite queue, posted to the
/// handler in the wrapped protocol with double-encoded strings, deleted on success, redelivered on failure.
/// </summary>
[Collection(StackCollectionDefinition.Name)]
public sealed class QueueTriggerTests
{
    private readonly StackFixture _stacks;
    private readonly NotifierEnvironment _stack;

    public QueueTriggerTests(StackFixture fixture)
    {
        _stacks = fixture;
        _stack = fixture.Stack;
    }

    private NotifierClient Client => _stack.Client;

    private (QueueTriggerPump Pump, QueueClient Queue, QueueClient Poison) CreatePump(string queueName, NotifierEnvironment? stack = null)
    {
        stack ??= _stack;
        QueueClient Create(string name) => HostQueueClients.Create(stack.Azurite.ConnectionString, name);
        var queue = Create(queueName);
        var pump = new QueueTriggerPump(queue, Create, stack.App.Host, new QueueTriggerOptions
        {
            FunctionName = "queue-notifications",
            PoisonOutput = ("poison", queueName + "-poison"),
            VisibilityTimeout = TimeSpan.FromSeconds(1),
            MaxDequeueCount = 3,
        }, NullLogger.Instance);
        return (pump, queue, Create(queueName + "-poison"));
    }

    [Theory]
    [MemberData(nameof(Transports.Both), MemberType = typeof(Transports))]
    public async Task A_queued_notification_is_stored_and_pushed_and_the_message_deleted(string transport)
    {
        var stack = _stacks[transport];
        var (pump, queue, _) = CreatePump("q-" + Guid.NewGuid().ToString("N")[..12], stack);
        await pump.EnsureQueuesAsync(CancellationToken.None);
        var user = NotifierClient.NewUser("queued");
        await using var socket = await stack.ConnectAsync(user);

        var receipt = await queue.SendMessageAsync($$"""{"to":{"users":["{{user}}"]},"title":"From the queue"}""");
        Assert.Equal(1, await pump.PumpOnceAsync(CancellationToken.None));

        var envelope = await socket.ReceiveEnvelopeAsync("notification");
        var id = envelope.GetProperty("payload").GetProperty("id").GetString();
        Assert.Equal("q-" + receipt.Value.MessageId, id);
        Assert.Equal("queue:notifications", (await stack.Client.StatusAsync(id!))!.Value.GetProperty("publisher").GetString());
        Assert.Equal(0, (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount);
    }

    [Fact]
    public async Task A_redelivered_message_creates_no_second_notification()
    {
        var (pump, queue, _) = CreatePump("q-" + Guid.NewGuid().ToString("N")[..12]);
        await pump.EnsureQueuesAsync(CancellationToken.None);
        var user = NotifierClient.NewUser("redelivered");
        await queue.SendMessageAsync($$"""{"to":{"users":["{{user}}"]},"title":"Once only"}""");
        var message = Assert.Single((await queue.ReceiveMessagesAsync(1, TimeSpan.FromSeconds(1))).Value);

        // The host delivers the same message twice when the first invocation's outcome was lost.
        for (var attempt = 0; attempt < 2; attempt++)
        {
            using var content = new ByteArrayContent(pump.Invocation(message));
            content.Headers.ContentType = new("application/json");
            using var response = await _stack.App.Host.PostAsync("queue-notifications", content);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.Single(await Client.AllInboxAsync(user), e => e.Id == "q-" + message.MessageId);
    }

    [Fact]
    public async Task A_malformed_message_goes_to_the_poison_queue_at_once_with_its_content_and_reason()
    {
        var (pump, queue, poison) = CreatePump("q-" + Guid.NewGuid().ToString("N")[..12]);
        await pump.EnsureQueuesAsync(CancellationToken.None);
        const string Text = """{"to":{"users":["has space"]},"title":"x"}""";
        await queue.SendMessageAsync(Text);

        Assert.Equal(1, await pump.PumpOnceAsync(CancellationToken.None));

        Assert.Equal(0, (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount);
        var poisoned = Assert.Single((await poison.ReceiveMessagesAsync(10)).Value);
        using var document = JsonDocument.Parse(poisoned.MessageText);
        Assert.Equal(Text, document.RootElement.GetProperty("message").GetString());
        Assert.Contains("to.users[0]", document.RootElement.GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Both_the_hosts_double_encoded_form_and_the_documented_plain_form_are_understood(bool doubleEncoded)
    {
        var user = NotifierClient.NewUser("forms");
        var messageId = Guid.NewGuid().ToString();
        var message = $$"""{"to":{"users":["{{user}}"]},"title":"x"}""";
        var data = doubleEncoded ? JsonSerializer.Serialize(JsonSerializer.Serialize(message)) : JsonSerializer.Serialize(message);
        var id = doubleEncoded ? JsonSerializer.Serialize(JsonSerializer.Serialize(messageId)) : JsonSerializer.Serialize(messageId);
        var count = doubleEncoded ? "\"1\"" : "1";
        var body = $$$"""{"Data":{"message":{{{data}}}},"Metadata":{"DequeueCount":{{{count}}},"Id":{{{id}}},"InsertionTime":"{{{DateTimeOffset.UtcNow:yyyy-MM-ddTHH:mm:sszzz}}}"}}""";

        using var response = await _stack.App.Host.PostAsync("queue-notifications", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(await Client.AllInboxAsync(user), e => e.Id == "q-" + messageId);
    }

    [Fact]
    public async Task A_service_bus_message_is_published_once_and_a_malformed_one_fails_so_the_queue_dead_letters_it()
    {
        var user = NotifierClient.NewUser("bus");
        var messageId = "7f1c" + Guid.NewGuid().ToString("N");
        var good = Invocation(JsonSerializer.Serialize(JsonSerializer.Serialize($$"""{"to":{"users":["{{user}}"]},"title":"bus"}""")), messageId);

        for (var attempt = 0; attempt < 2; attempt++)
        {
            using var response = await _stack.App.Host.PostAsync("servicebus-notifications", new StringContent(good, Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.Single(await Client.AllInboxAsync(user), e => e.Id == "sb-" + messageId);

        var bad = Invocation(JsonSerializer.Serialize(JsonSerializer.Serialize("not json at all")), "bad-" + messageId);
        using var refused = await _stack.App.Host.PostAsync("servicebus-notifications", new StringContent(bad, Encoding.UTF8, "application/json"));
        Assert.False(refused.IsSuccessStatusCode);

        static string Invocation(string data, string id) =>
            $$$"""{"Data":{"message":{{{data}}}},"Metadata":{"DeliveryCount":"1","MessageId":{{{JsonSerializer.Serialize(JsonSerializer.Serialize(id))}}},"EnqueuedTimeUtc":"{{{DateTime.UtcNow:yyyy-MM-ddTHH:mm:ss}}}"}}""";
    }

    [Fact]
    public async Task A_request_that_is_not_an_invocation_is_refused()
    {
        using var response = await _stack.App.Host.PostAsync("queue-notifications", new StringContent("""{"hello":1}""", Encoding.UTF8, "application/json"));
        await BadInputTests.AssertProblemAsync(response, HttpStatusCode.BadRequest, "Data.message");
    }
}

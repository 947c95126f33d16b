using System.Net;
using System.Text.Json;
using Azure.Storage.Queues;
using Microsoft.Extensions.Logging.Abstractions;
using Notifier.DevHost.QueueTriggers;
using Notifier.Testing.Azurite;

namespace Notifier.DevHost.Tests.QueueTriggers;

/// <summary>
/// The queue trigger the local stack runs in place of the Functions host, against a real Azurite queue and a stub
/// handler: the invocation it posts, and what it does with the message after a success, a failure, the last failure,
/// and a message it cannot decode. (What the function app does with an invocation is Notifier.Functions.Tests' subject.)
/// </summary>
public sealed class QueueTriggerPumpTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IDisposable
{
    private const string Function = "queue-notifications";
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);
    private readonly StubFunctionHandler _handler = new();
    private readonly string _queueName = "q-" + Guid.NewGuid().ToString("N")[..12];

    public void Dispose() => _handler.Dispose();

    [Fact]
    public async Task A_message_is_posted_as_the_host_posts_it_and_deleted_when_the_handler_succeeds()
    {
        var (pump, queue, poison) = await CreatePumpAsync();
        const string Text = """{"title":"caf\u00e9 \"quoted\""}""";
        var sent = (await queue.SendMessageAsync(Text)).Value;

        Assert.Equal(1, await pump.PumpOnceAsync(CancellationToken.None));

        var invocation = Assert.Single(_handler.Received);
        Assert.Equal(HttpMethod.Post, invocation.Method);
        Assert.Equal("/" + Function, invocation.Path);
        Assert.True(Guid.TryParse(invocation.InvocationId, out _));
        using var body = JsonDocument.Parse(invocation.Body);

        // The host serialises the message and its string metadata a second time: each is a JSON string holding JSON.
        var message = body.RootElement.GetProperty("Data").GetProperty("message").GetString();
        Assert.Equal(Text, JsonSerializer.Deserialize<string>(message!));
        var metadata = body.RootElement.GetProperty("Metadata");
        Assert.Equal("1", metadata.GetProperty("DequeueCount").GetString());
        Assert.Equal(sent.MessageId, JsonSerializer.Deserialize<string>(metadata.GetProperty("Id").GetString()!));
        Assert.Equal(Function, metadata.GetProperty("sys").GetProperty("MethodName").GetString());
        Assert.Equal(0, await CountAsync(queue));
        Assert.Equal(0, await CountAsync(poison));
    }

    [Fact]
    public async Task A_failed_message_is_retried_and_after_the_last_attempt_moved_to_the_poison_queue_as_it_came()
    {
        _handler.Status = HttpStatusCode.InternalServerError;
        var (pump, queue, poison) = await CreatePumpAsync();
        await queue.SendMessageAsync("fails every time");

        Assert.Equal(1, await pump.PumpOnceAsync(CancellationToken.None));
        Assert.Equal(1, await CountAsync(queue));
        Assert.Equal(0, await CountAsync(poison));

        // The message comes back once its visibility timeout (1 s here) has passed.
        var deadline = DateTime.UtcNow + Deadline;
        while (await CountAsync(poison) == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "the message never reached the poison queue");
            await pump.PumpOnceAsync(CancellationToken.None);
        }

        Assert.Equal(2, _handler.Received.Count);
        Assert.Equal("fails every time", Assert.Single((await poison.ReceiveMessagesAsync(10)).Value).MessageText);
        Assert.Equal(0, await CountAsync(queue));
    }

    [Fact]
    public async Task The_handlers_poison_output_is_written_to_its_queue()
    {
        _handler.ResponseBody = """{"Outputs":{"poison":["{\"reason\":\"bad\"}",{"reason":"worse"}]}}""";
        var (pump, queue, _) = await CreatePumpAsync();
        var output = HostQueueClients.Create(azurite.ConnectionString, _queueName + "-out");
        await queue.SendMessageAsync("anything");

        await pump.PumpOnceAsync(CancellationToken.None);

        var written = (await output.ReceiveMessagesAsync(10)).Value.Select(m => m.MessageText).Order(StringComparer.Ordinal);
        Assert.Equal(["""{"reason":"bad"}""", """{"reason":"worse"}"""], written);
        Assert.Equal(0, await CountAsync(queue));
    }

    [Fact]
    public async Task A_message_that_is_not_base64_goes_to_the_poison_queue_without_reaching_the_handler()
    {
        var (pump, queue, poison) = await CreatePumpAsync();

        // Written as raw text, as a sender that ignores host.json's base64 encoding would.
        await new QueueClient(azurite.ConnectionString, _queueName).SendMessageAsync("not base64 {}");
        await pump.PumpOnceAsync(CancellationToken.None);

        Assert.Empty(_handler.Received);
        Assert.Equal("not base64 {}", Assert.Single((await poison.ReceiveMessagesAsync(10)).Value).MessageText);
        Assert.Equal(0, await CountAsync(queue));
    }

    private static async Task<int> CountAsync(QueueClient queue) => (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount;

    private async Task<(QueueTriggerPump Pump, QueueClient Queue, QueueClient Poison)> CreatePumpAsync()
    {
        QueueClient Create(string name) => HostQueueClients.Create(azurite.ConnectionString, name);
        var http = new HttpClient(_handler, disposeHandler: false) { BaseAddress = new Uri("http://handler.invalid/") };
        var pump = new QueueTriggerPump(Create(_queueName), Create, http, new QueueTriggerOptions
        {
            FunctionName = Function,
            PoisonOutput = ("poison", _queueName + "-out"),
            VisibilityTimeout = TimeSpan.FromSeconds(1),
            MaxDequeueCount = 2,
        }, NullLogger.Instance);
        await pump.EnsureQueuesAsync(CancellationToken.None);
        return (pump, Create(_queueName), Create(_queueName + "-poison"));
    }
}

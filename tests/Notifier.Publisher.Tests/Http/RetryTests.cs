using Azure;
using Notifier.Publisher.Tests.Infrastructure;
using Notifier.Testing.Transport;
using Notifier.Testing.Waiting;

namespace Notifier.Publisher.Tests.Http;

/// <summary>
/// What the client retries and how long it waits, on a recorded transport and a clock the test moves: 429 and 503 wait
/// out <c>Retry-After</c>, transport failures back off, and answers that cannot change (400, 401, 409) are never repeated.
/// </summary>
public sealed class RetryTests
{
    private const string Accepted = """{"id":"n-1","status":"accepted","createdAt":"2026-01-05T10:00:00.000Z","expiresAt":"2026-01-12T10:00:00.000Z","statusUrl":"/api/notifications/n-1"}""";
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);
    private readonly RecordingClock _clock = new();

    [Theory]
    [InlineData(429)]
    [InlineData(503)]
    public async Task A_refusal_with_Retry_After_is_sent_again_only_once_that_time_has_passed(int status)
    {
        var transport = Answers(new RecordedResponse(status, """{"title":"busy","status":0,"detail":"later"}""", "application/problem+json") { Headers = { ["Retry-After"] = "30" } }, Ok());
        var client = Client(transport);

        var publish = client.PublishAsync(Notification());
        await WaitForWaitAsync();
        _clock.Advance(TimeSpan.FromSeconds(29));
        Assert.Single(transport.Requests);

        _clock.Advance(TimeSpan.FromSeconds(1));
        var receipt = await publish.WaitAsync(Deadline);

        // Back-off alone would have waited about a second (Retry.Delay); the service asked for 30.
        Assert.Equal(TimeSpan.FromSeconds(30), Assert.Single(_clock.Waits));
        Assert.Equal(2, transport.Requests.Count);
        Assert.Equal("n-1", receipt.Value.Id);
        Assert.Equal(transport.Requests[0].BodyText, transport.Requests[1].BodyText);
    }

    [Fact]
    public async Task A_transport_failure_is_retried_with_back_off_and_the_same_body()
    {
        var attempts = 0;
        var transport = new RecordingTransport(_ =>
            Interlocked.Increment(ref attempts) == 1 ? throw new RequestFailedException(0, "Connection refused") : Ok());
        var client = Client(transport);

        var publish = client.PublishAsync(Notification());
        await WaitForWaitAsync();
        Assert.False(publish.IsCompleted);

        // Exponential back-off with jitter from Retry.Delay (1 s here): 0.8 to 1.2 s for the first retry.
        var wait = Assert.Single(_clock.Waits);
        Assert.InRange(wait, TimeSpan.FromSeconds(0.8), TimeSpan.FromSeconds(1.2));
        _clock.Advance(wait);
        await publish.WaitAsync(Deadline);

        Assert.Equal(2, transport.Requests.Count);
        Assert.Equal(transport.Requests[0].BodyText, transport.Requests[1].BodyText);
    }

    [Theory]
    [InlineData(400)]
    [InlineData(401)]
    [InlineData(409)]
    [InlineData(413)]
    public async Task An_answer_that_cannot_change_is_not_retried(int status)
    {
        var transport = Answers(new RecordedResponse(status, """{"title":"no","status":0,"detail":"never"}""", "application/problem+json"), Ok());

        var error = await Assert.ThrowsAsync<NotificationPublishException>(() => Client(transport).PublishAsync(Notification()));

        Assert.Equal(status, error.Status);
        Assert.Single(transport.Requests);
        Assert.Empty(_clock.Waits);
    }

    [Fact]
    public async Task When_retries_run_out_the_last_refusal_surfaces_with_its_problem_details()
    {
        var problem = """{"title":"Storage or Web PubSub is unavailable.","status":503,"detail":"Retry with the same id.","ids":["n-1"],"accepted":[]}""";
        var transport = new RecordingTransport(_ => new RecordedResponse(503, problem, "application/problem+json") { Headers = { ["Retry-After"] = "5" } });
        var options = Options(transport);
        options.Retry.MaxRetries = 1;
        var client = new NotificationPublisherClient(new Uri("http://notifier.invalid"), new AzureKeyCredential("k"), options);

        var publish = client.PublishAsync(Notification());
        await WaitForWaitAsync();
        _clock.Advance(TimeSpan.FromSeconds(5));
        var error = await Assert.ThrowsAsync<NotificationPublishException>(() => publish.WaitAsync(Deadline));

        Assert.Equal(2, transport.Requests.Count);
        Assert.Equal(503, error.Status);
        Assert.Equal(["n-1"], error.Ids);
        Assert.Equal(TimeSpan.FromSeconds(5), error.RetryAfter);
        Assert.Equal("Retry with the same id.", error.Detail);
    }

    private static Notification Notification() => new(NotificationRecipients.ToUsers("alice")) { Id = "n-1", Title = "x" };

    private static RecordedResponse Ok() => new(202, Accepted, "application/json");

    private static RecordingTransport Answers(params RecordedResponse[] answers)
    {
        var next = -1;
        return new RecordingTransport(_ => answers[Math.Min(Interlocked.Increment(ref next), answers.Length - 1)]);
    }

    private NotificationPublisherClientOptions Options(RecordingTransport transport)
    {
        var options = new NotificationPublisherClientOptions { Transport = transport, TimeProvider = _clock };
        options.Retry.Delay = TimeSpan.FromSeconds(1);
        options.Retry.MaxDelay = TimeSpan.FromSeconds(10);
        return options;
    }

    private NotificationPublisherClient Client(RecordingTransport transport) =>
        new(new Uri("http://notifier.invalid"), new AzureKeyCredential("k"), Options(transport));

    // The client's first attempt runs on the test's thread pool; the test moves the clock only once the client waits on it.
    private Task WaitForWaitAsync() => Eventually.TrueAsync(() => _clock.Waits.Count > 0, "the client should wait before retrying", Deadline);
}

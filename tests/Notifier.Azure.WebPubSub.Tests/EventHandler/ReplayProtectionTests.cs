using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Notifier.Azure.WebPubSub.EventHandler;
using Notifier.Azure.WebPubSub.Protocol;
using Notifier.Azure.WebPubSub.Tests.EventHandler.Infrastructure;
using Notifier.Testing.Time;
using Notifier.Testing.Waiting;

namespace Notifier.Azure.WebPubSub.Tests.EventHandler;

/// <summary>
/// <c>ce-time</c> must lie within the window of the server's clock, and an event id is answered once: a repeat of the
/// same event gets the first answer without the handler running again, a reused id with other content is refused.
/// </summary>
public sealed class ReplayProtectionTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(-301)]
    [InlineData(301)]
    [InlineData(-3600)]
    public async Task An_event_outside_the_time_window_is_refused_before_the_handler(int offsetSeconds)
    {
        var clock = new ManualTimeProvider(Start);
        await using var host = await StartAsync(clock);

        using var response = await host.Client.SendAsync(CloudEventRequests.Create(
            CloudEventTypes.UserPrefix + "message", "message", Text("hi"), time: Start.AddSeconds(offsetSeconds)));

        var body = await HttpResponseAssert.PlainTextAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("ce-time", body, StringComparison.Ordinal);
        Assert.Equal(0, host.Recorder.HandlersCreated);
    }

    [Theory]
    [InlineData(-300)]
    [InlineData(300)]
    [InlineData(0)]
    public async Task An_event_inside_the_time_window_is_handled(int offsetSeconds)
    {
        var clock = new ManualTimeProvider(Start);
        await using var host = await StartAsync(clock);

        using var response = await host.Client.SendAsync(CloudEventRequests.Create(
            CloudEventTypes.UserPrefix + "message", "message", Text("hi"), time: Start.AddSeconds(offsetSeconds)));

        await HttpResponseAssert.StatusAsync(response, HttpStatusCode.NoContent);
        Assert.Single(host.Recorder.Requests);
    }

    [Fact]
    public async Task The_window_follows_the_configured_option_and_the_clock()
    {
        var clock = new ManualTimeProvider(Start);
        await using var host = await StartAsync(clock, o => o.EventTimeWindow = TimeSpan.FromSeconds(30));

        using var fresh = await host.Client.SendAsync(CloudEventRequests.Create(CloudEventTypes.UserPrefix + "message", "message", Text("a"), time: Start));
        clock.Advance(TimeSpan.FromSeconds(31));
        using var stale = await host.Client.SendAsync(CloudEventRequests.Create(CloudEventTypes.UserPrefix + "message", "message", Text("b"), time: Start));

        await HttpResponseAssert.StatusAsync(fresh, HttpStatusCode.NoContent);
        await HttpResponseAssert.PlainTextAsync(stale, HttpStatusCode.BadRequest);
        Assert.Single(host.Recorder.Requests);
    }

    [Theory]
    [InlineData("ce-time", "")]
    [InlineData("ce-time", "yesterday")]
    [InlineData("ce-id", "")]
    public async Task A_missing_or_malformed_time_or_id_is_refused(string header, string value)
    {
        await using var host = await StartAsync(new ManualTimeProvider(Start));
        using var request = CloudEventRequests.Create(CloudEventTypes.UserPrefix + "message", "message", Text("hi"), time: Start);
        request.Headers.Remove(header);
        if (value.Length > 0)
        {
            request.Headers.TryAddWithoutValidation(header, value);
        }

        using var response = await host.Client.SendAsync(request);

        var body = await HttpResponseAssert.PlainTextAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains(header, body, StringComparison.Ordinal);
        Assert.Equal(0, host.Recorder.HandlersCreated);
    }

    [Fact]
    public async Task A_repeat_of_the_same_event_gets_the_first_answer_and_the_handler_runs_once()
    {
        await using var host = await StartAsync(new ManualTimeProvider(Start));
        var calls = 0;
        host.Recorder.OnMessage = request =>
        {
            var response = request.CreateResponse(BinaryData.FromString($"call {Interlocked.Increment(ref calls)}"), WebPubSubDataType.Text);
            response.SetState("seen", BinaryData.FromString("yes"));
            return response;
        };

        using var first = await host.Client.SendAsync(UserEvent("hello", id: "7"));
        using var repeat = await host.Client.SendAsync(UserEvent("hello", id: "7", time: Start.AddSeconds(40)));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, repeat.StatusCode);
        Assert.Equal("call 1", await first.Content.ReadAsStringAsync());
        Assert.Equal("call 1", await repeat.Content.ReadAsStringAsync());
        Assert.Equal(first.Content.Headers.ContentType, repeat.Content.Headers.ContentType);
        Assert.Equal(first.Headers.GetValues(CloudEventHeaders.ConnectionState), repeat.Headers.GetValues(CloudEventHeaders.ConnectionState));
        Assert.Single(host.Recorder.Requests);
        Assert.Contains(host.Logs.Entries, e => e.EventId.Name == "RepeatAnswered");
    }

    [Theory]
    [InlineData("other body", null)]
    [InlineData("hello", "mallory")]
    public async Task An_event_id_reused_for_another_event_is_refused_and_the_handler_does_not_run(string body, string? userId)
    {
        await using var host = await StartAsync(new ManualTimeProvider(Start));

        using var first = await host.Client.SendAsync(UserEvent("hello", id: "8"));
        using var reused = await host.Client.SendAsync(UserEvent(body, id: "8", userId: userId ?? CloudEventRequests.UserId));

        await HttpResponseAssert.StatusAsync(first, HttpStatusCode.NoContent);
        var refusal = await HttpResponseAssert.PlainTextAsync(reused, HttpStatusCode.BadRequest);
        Assert.Contains("'8'", refusal, StringComparison.Ordinal);
        Assert.Single(host.Recorder.Requests);
        Assert.Contains(host.Logs.Entries, e => e.EventId.Name == "EventIdReused");
    }

    [Fact]
    public async Task The_same_id_on_another_connection_is_another_event()
    {
        await using var host = await StartAsync(new ManualTimeProvider(Start));

        using var first = await host.Client.SendAsync(UserEvent("hello", id: "1"));
        using var other = await host.Client.SendAsync(UserEvent("hello", id: "1", connectionId: "conn2"));

        await HttpResponseAssert.StatusAsync(first, HttpStatusCode.NoContent);
        await HttpResponseAssert.StatusAsync(other, HttpStatusCode.NoContent);
        Assert.Equal(2, host.Recorder.Requests.Count);
    }

    [Fact]
    public async Task A_retry_after_a_failed_first_delivery_runs_the_handler_again()
    {
        await using var host = await StartAsync(new ManualTimeProvider(Start));
        var calls = 0;
        host.Recorder.OnMessage = request => Interlocked.Increment(ref calls) == 1
            ? throw new InvalidOperationException("storage is down")
            : request.CreateResponse(BinaryData.FromString("done"), WebPubSubDataType.Text);

        using var failed = await host.Client.SendAsync(UserEvent("hello", id: "9"));
        using var retried = await host.Client.SendAsync(UserEvent("hello", id: "9"));
        using var repeated = await host.Client.SendAsync(UserEvent("hello", id: "9"));

        await HttpResponseAssert.PlainTextAsync(failed, HttpStatusCode.InternalServerError);
        Assert.Equal("done", await retried.Content.ReadAsStringAsync());
        Assert.Equal("done", await repeated.Content.ReadAsStringAsync());
        Assert.Equal(2, calls);
    }

    [Fact]
    public async Task A_handler_refusal_is_repeated_too()
    {
        await using var host = await StartAsync(new ManualTimeProvider(Start));
        host.Recorder.OnMessage = request => request.CreateErrorResponse(EventErrorCode.UserError, "no such thing");

        using var first = await host.Client.SendAsync(UserEvent("hello", id: "10"));
        using var repeat = await host.Client.SendAsync(UserEvent("hello", id: "10"));

        Assert.Equal("no such thing", await HttpResponseAssert.PlainTextAsync(first, HttpStatusCode.BadRequest));
        Assert.Equal("no such thing", await HttpResponseAssert.PlainTextAsync(repeat, HttpStatusCode.BadRequest));
        Assert.Single(host.Recorder.Requests);
    }

    [Fact]
    public async Task A_repeat_that_arrives_while_the_first_delivery_runs_waits_for_its_answer()
    {
        await using var host = await StartAsync(new ManualTimeProvider(Start));
        using var entered = new SemaphoreSlim(0);
        using var release = new ManualResetEventSlim();
        host.Recorder.OnMessage = request =>
        {
            entered.Release();
            release.Wait(TimeSpan.FromSeconds(30));
            return request.CreateResponse(BinaryData.FromString("once"), WebPubSubDataType.Text);
        };

        var first = host.Client.SendAsync(UserEvent("hello", id: "11"));
        Assert.True(await entered.WaitAsync(TimeSpan.FromSeconds(10)), "the first delivery reached the handler");
        var repeat = host.Client.SendAsync(UserEvent("hello", id: "11"));
        await Eventually.TrueAsync(() => host.Logs.Entries.Any(e => e.EventId.Name == "RepeatWaiting"), "the repeat waits for the first delivery");
        Assert.False(repeat.IsCompleted);
        release.Set();

        using var firstResponse = await first;
        using var repeatResponse = await repeat;
        Assert.Equal("once", await firstResponse.Content.ReadAsStringAsync());
        Assert.Equal("once", await repeatResponse.Content.ReadAsStringAsync());
        Assert.Single(host.Recorder.Requests);
    }

    [Fact]
    public async Task Lifecycle_events_are_remembered_too()
    {
        await using var host = await StartAsync(new ManualTimeProvider(Start));

        using var first = await host.Client.SendAsync(CloudEventRequests.Create(CloudEventTypes.Disconnected, CloudEventTypes.DisconnectedEventName, CloudEventRequests.Json("{}"), id: "12", time: Start));
        using var repeat = await host.Client.SendAsync(CloudEventRequests.Create(CloudEventTypes.Disconnected, CloudEventTypes.DisconnectedEventName, CloudEventRequests.Json("{}"), id: "12", time: Start));

        await HttpResponseAssert.StatusAsync(first, HttpStatusCode.OK);
        await HttpResponseAssert.StatusAsync(repeat, HttpStatusCode.OK);
        Assert.Single(host.Recorder.Requests);
    }

    [Theory]
    [InlineData("00:00:00", 1, "EventTimeWindow")]
    [InlineData("2.00:00:00", 1, "EventTimeWindow")]
    [InlineData("00:05:00", 0, "MaxRememberedEvents")]
    public async Task Invalid_replay_options_fail_the_start(string window, int remembered, string expected)
    {
        var exception = await Assert.ThrowsAsync<OptionsValidationException>(() => EventHandlerHost.StartAsync(o =>
        {
            EventHandlerHost.DefaultOptions(o);
            o.EventTimeWindow = TimeSpan.Parse(window, System.Globalization.CultureInfo.InvariantCulture);
            o.MaxRememberedEvents = remembered;
        }));

        Assert.Contains(expected, exception.Message, StringComparison.Ordinal);
    }

    private static Task<EventHandlerHost> StartAsync(TimeProvider clock, Action<WebPubSubEventHandlerOptions>? configure = null) =>
        EventHandlerHost.StartAsync(builder =>
        {
            builder.Services.AddSingleton(clock);
            builder.Services.AddWebPubSubEventHandler<RecordingHandler>(o =>
            {
                EventHandlerHost.DefaultOptions(o);
                configure?.Invoke(o);
            });
        });

    private static HttpRequestMessage UserEvent(string text, string id, string userId = CloudEventRequests.UserId, string connectionId = CloudEventRequests.ConnectionId, DateTimeOffset? time = null) =>
        CloudEventRequests.Create(CloudEventTypes.UserPrefix + "message", "message", Text(text), connectionId: connectionId, userId: userId, id: id, time: time ?? Start);

    private static StringContent Text(string text) => new(text, Encoding.UTF8, "text/plain");
}

using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Notifier.Functions.Tests.Infrastructure;

namespace Notifier.Functions.Tests.Telemetry;

/// <summary>
/// Pushes through SignalR Service carry the same telemetry as through Web PubSub: the <c>push notification</c> and
/// <c>push sync</c> spans under the publish, down to the emulator's send, and <c>notifier.push.duration</c>,
/// <c>notifier.delivery.duration</c> and the pushed/push_failed counts, told apart by <c>notifier.push.transport</c>.
/// </summary>
[Collection(TelemetryCollectionDefinition.Name)]
public sealed class SignalRPushTelemetryTests : IAsyncLifetime, IDisposable
{
    private const string AspNetCore = "Microsoft.AspNetCore";
    private const string Publishing = "Notifier.Publishing";
    private const string Push = "Notifier.Push";
    private const string Emulator = "Notifier.Emulator";
    private const string PushDuration = "notifier.push.duration";
    private const string Notifications = "notifier.notifications";

    private readonly StackFixture _fixture;
    private readonly SpanRecorder _spans = new();
    private NotifierEnvironment? _stack;
    private MeasurementRecorder? _metrics;

    public SignalRPushTelemetryTests(StackFixture fixture)
    {
        _fixture = fixture;
    }

    private NotifierEnvironment Stack => _stack!;

    private MeasurementRecorder Metrics => _metrics!;

    public async Task InitializeAsync()
    {
        _stack = await NotifierEnvironment.StartAsync(_fixture.Stack.Azurite, transport: Transports.SignalR);
        _metrics = new MeasurementRecorder(_stack.App.Services.GetRequiredService<IMeterFactory>());
    }

    public void Dispose()
    {
        _metrics?.Dispose();
        _spans.Dispose();
    }

    public async Task DisposeAsync()
    {
        if (_stack is not null)
        {
            await _stack.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_push_is_a_span_under_the_publish_that_the_emulators_send_continues()
    {
        var user = NotifierClient.NewUser("traced");
        await using var client = await Stack.ConnectAsync(user);
        var (traceId, _, traceparent) = SpanRecorder.NewRemoteParent();

        using var request = new HttpRequestMessage(HttpMethod.Post, "api/notifications")
        {
            Content = new StringContent($$"""{"to":{"users":["{{user}}"]},"title":"Traced"}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("X-Api-Key", StackSettings.ApiKey);
        request.Headers.Add("traceparent", traceparent);
        using var response = await Stack.App.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        await client.ReceiveEnvelopeAsync("notification");

        var spans = await _spans.WaitForTraceAsync(
            traceId,
            s => s.Has(Emulator, "send") && s.Has(Publishing, "publish") && s.Any(p => p.DisplayName == "push notification" && s.Any(a => a.Source.Name == AspNetCore && a.ParentSpanId == p.SpanId)),
            "the push, the emulator's request and its send should be recorded.");
        var push = spans.One(Push, "push notification");
        push.ChildOf(spans.One(Publishing, "publish"));
        Assert.Equal("signalr", push.Tag("notifier.push.transport"));
        Assert.Equal("notification", push.Tag("notifier.push.kind"));
        Assert.Equal("user", push.Tag("notifier.push.target"));
        Assert.Equal("1", push.Tag("notifier.recipients"));

        // Azure.Core sent the push span's context as traceparent: the emulator's request continues the trace.
        var atEmulator = Assert.Single(spans, a => a.Source.Name == AspNetCore && a.ParentSpanId == push.SpanId);
        var send = spans.One(Emulator, "send");
        send.ChildOf(atEmulator);
        Assert.Equal("1", send.Tag("notifier.emulator.connections"));
    }

    [Fact]
    public async Task A_publish_counts_one_pushed_and_measures_the_push_and_the_delivery()
    {
        var user = NotifierClient.NewUser("counted");
        await using var client = await Stack.ConnectAsync(user);

        await Stack.Client.PublishAcceptedAsync($$"""{"to":{"users":["{{user}}"]},"title":"Counted"}""");
        await client.ReceiveEnvelopeAsync("notification");

        Assert.Equal(1, Metrics.Sum(Notifications, ("notifier.outcome", "pushed"), ("notifier.source", "http")));
        Assert.Equal(0, Metrics.Sum(Notifications, ("notifier.outcome", "stored")));
        var push = Assert.Single(Metrics.All, m => m.Instrument == PushDuration);
        Assert.Equal("s", push.Unit);
        Assert.Equal("signalr", push.Tags["notifier.push.transport"]);
        Assert.Equal("notification", push.Tags["notifier.push.kind"]);
        Assert.Equal("user", push.Tags["notifier.push.target"]);
        Assert.Equal("pushed", push.Tags["notifier.outcome"]);
        Assert.Equal(1, Metrics.Count("notifier.delivery.duration", ("notifier.source", "http")));
    }

    [Fact]
    public async Task Users_and_groups_together_are_one_fanout_push_and_a_read_is_a_sync_push()
    {
        var user = NotifierClient.NewUser("fan");
        await using var phone = await Stack.ConnectAsync(user, roles: "ops");
        await using var laptop = await Stack.ConnectAsync(user, roles: "ops");
        var id = NotifierClient.NewId();

        await Stack.Client.PublishAcceptedAsync($$"""{"id":"{{id}}","to":{"users":["{{user}}"],"groups":["ops"]},"title":"Both"}""");
        await phone.ReceiveEnvelopeAsync("notification");
        await phone.SendEventAsync("read", id);
        await laptop.ReceiveEnvelopeAsync("read");

        Assert.Equal(1, Metrics.Count(PushDuration, ("notifier.push.transport", "signalr"), ("notifier.push.kind", "notification"), ("notifier.push.target", "fanout"), ("notifier.outcome", "pushed")));
        await Eventually.TrueAsync(
            () => Metrics.Count(PushDuration, ("notifier.push.transport", "signalr"), ("notifier.push.kind", "sync"), ("notifier.push.target", "user"), ("notifier.outcome", "pushed")) >= 1,
            "the read sync to the other device should be measured.");
        Assert.Equal(1, Metrics.Sum(Notifications, ("notifier.outcome", "pushed")));
    }

    [Fact]
    public async Task A_refused_push_counts_push_failed_marks_its_span_and_leaves_the_notification_stored()
    {
        // The emulator's SignalR mode signs with another key than the app's connection string: every REST call is a 401.
        await using var refusing = await NotifierEnvironment.StartAsync(
            _fixture.Stack.Azurite,
            transport: Transports.SignalR,
            emulatorOverrides: new Dictionary<string, string?> { ["SignalR:AccessKey"] = "another-key-the-app-does-not-know-0123456789" });
        using var metrics = new MeasurementRecorder(refusing.App.Services.GetRequiredService<IMeterFactory>());
        var user = NotifierClient.NewUser("refused");
        var id = NotifierClient.NewId();
        var (traceId, _, traceparent) = SpanRecorder.NewRemoteParent();

        using var request = new HttpRequestMessage(HttpMethod.Post, "api/notifications")
        {
            Content = new StringContent($$"""{"id":"{{id}}","to":{"users":["{{user}}"]},"title":"Not pushed"}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("X-Api-Key", StackSettings.ApiKey);
        request.Headers.Add("traceparent", traceparent);
        using var response = await refusing.App.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(1, metrics.Sum(Notifications, ("notifier.outcome", "push_failed"), ("notifier.source", "http")));
        Assert.Equal(1, metrics.Sum(Notifications, ("notifier.outcome", "stored")));
        Assert.Equal(0, metrics.Sum(Notifications, ("notifier.outcome", "pushed")));
        Assert.Equal(1, metrics.Count(PushDuration, ("notifier.push.transport", "signalr"), ("notifier.outcome", "push_failed")));
        Assert.Equal(0, metrics.Count("notifier.delivery.duration"));
        var spans = await _spans.WaitForTraceAsync(traceId, s => s.Has(Push, "push notification") && s.Has(Publishing, "publish"), "the failed push should be recorded.");
        var push = spans.One(Push, "push notification");
        Assert.Equal(ActivityStatusCode.Error, push.Status);
        Assert.Equal("Azure.RequestFailedException", push.Tag("error.type"));
        Assert.Equal(id, (await refusing.Client.InboxAsync(user)).GetProperty("items")[0].GetProperty("notification").GetProperty("id").GetString());
    }
}

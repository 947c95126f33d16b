using System.Diagnostics.Metrics;
using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Notifier.Functions.Tests.Infrastructure;
using Notifier.Testing.Time;

namespace Notifier.Functions.Tests.Telemetry;

/// <summary>
/// The inbox's own operations: a change (archive, read, …) is an <c>inbox change</c> span with what it changed, and a
/// clean-up run is a <c>cleanup</c> span whose deleted records count as <c>expired</c> notifications of source <c>cleanup</c>.
/// </summary>
[Collection(TelemetryCollectionDefinition.Name)]
public sealed class InboxMaintenanceTelemetryTests : IDisposable
{
    private const string Inbox = "Notifier.Inbox";
    private const string Cleanup = "Notifier.Cleanup";
    private readonly NotifierEnvironment _stack;
    private readonly SpanRecorder _spans = new();

    public InboxMaintenanceTelemetryTests(StackFixture fixture)
    {
        _stack = fixture.Stack;
    }

    public void Dispose() => _spans.Dispose();

    [Theory]
    [InlineData("archive", "changed")]
    [InlineData("read", "marked")]
    public async Task An_inbox_change_is_a_span_naming_the_change_and_how_many_it_changed(string action, string answered)
    {
        var user = NotifierClient.NewUser("tidy");
        var id = NotifierClient.NewId();
        await _stack.Client.PublishAcceptedAsync($$"""{"id":"{{id}}","to":{"users":["{{user}}"]},"title":"Tidy me"}""");
        var (traceId, _, traceparent) = SpanRecorder.NewRemoteParent();

        using var request = NotifierClient.UserRequest(HttpMethod.Post, "api/inbox/" + action, user);
        request.Content = new StringContent($$"""{"ids":["{{id}}","missing-{{id}}"]}""", Encoding.UTF8, "application/json");
        request.Headers.Add("traceparent", traceparent);
        using var response = await _stack.App.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(answered, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var spans = await _spans.WaitForTraceAsync(traceId, s => s.Has(Inbox, "inbox change"), "the change should be recorded.");
        var change = spans.One(Inbox, "inbox change");
        Assert.Equal(action, change.Tag("notifier.inbox.change"));
        Assert.Equal("1", change.Tag("notifier.inbox.items"));
        Assert.Contains(spans, s => s.Source.Name == "Notifier.Storage" && s.ParentSpanId == change.SpanId);
    }

    [Fact]
    public async Task A_clean_up_run_is_a_span_and_counts_the_records_it_deleted_as_expired_notifications()
    {
        var clock = new ManualTimeProvider(DateTimeOffset.UtcNow);
        await using var stack = await NotifierEnvironment.StartAsync(_stack.Azurite, services: services => services.AddSingleton<TimeProvider>(clock));
        var user = NotifierClient.NewUser("expiring");
        var gone = NotifierClient.NewId();
        var kept = NotifierClient.NewId();
        await stack.Client.PublishAcceptedAsync($$"""[{"id":"{{gone}}","to":{"users":["{{user}}"]},"title":"short","ttlSeconds":60},{"id":"{{kept}}","to":{"users":["{{user}}"]},"title":"long"}]""");

        using var metrics = new MeasurementRecorder(stack.App.Services.GetRequiredService<IMeterFactory>());

        // Past the notification's lifetime and the record's retention (a day) after it.
        clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromMinutes(2));
        var (traceId, _, traceparent) = SpanRecorder.NewRemoteParent();
        using var request = new HttpRequestMessage(HttpMethod.Post, "cleanup") { Content = new StringContent("""{"Data":{"timer":{"IsPastDue":false}},"Metadata":{}}""", Encoding.UTF8, "application/json") };
        request.Headers.Add("traceparent", traceparent);
        using var response = await stack.App.Host.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        Assert.Null(await stack.Client.StatusAsync(gone));
        Assert.NotNull(await stack.Client.StatusAsync(kept));
        var spans = await _spans.WaitForTraceAsync(traceId, s => s.Has(Cleanup, "cleanup"), "the clean-up run should be recorded.");
        var run = spans.One(Cleanup, "cleanup");
        var deleted = int.Parse(run.Tag("notifier.cleanup.notifications")!, System.Globalization.CultureInfo.InvariantCulture);

        // The collection's Azurite may hold other short-lived records; whatever the run deleted, the counter says the same.
        Assert.True(deleted >= 1, $"the run should have deleted {gone}'s record.");
        Assert.Equal(deleted, metrics.Sum("notifier.notifications", ("notifier.outcome", "expired"), ("notifier.source", "cleanup")));
        Assert.Equal(deleted, metrics.Sum("notifier.notifications"));
        Assert.True(int.Parse(run.Tag("notifier.cleanup.inbox_rows")!, System.Globalization.CultureInfo.InvariantCulture) >= 2, "the entry and its index row should have gone from the inbox.");
        Assert.Equal("True", run.Tag("notifier.cleanup.finished"));
    }
}

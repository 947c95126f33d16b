using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Notifier.Functions.Tests.Infrastructure;
using Notifier.Functions.Tests.Integration;

namespace Notifier.Functions.Tests.Telemetry;

/// <summary>
/// The SignalR upstream records what the Web PubSub event handler does: <c>notifier.connections.opened</c>,
/// <c>.closed</c> and <c>.refused</c> (a connection over the per-user limit counts as refused, and its end is not a
/// close), and a span per upstream call (<c>signalr connected</c>, <c>disconnected</c>, <c>ack</c>, <c>read</c>) with
/// the event name, user and connection. Real app, the emulator in SignalR mode, Azurite.
/// </summary>
[Collection(TelemetryCollectionDefinition.Name)]
public sealed class SignalRConnectionTelemetryTests : IAsyncLifetime, IDisposable
{
    private const string Upstream = "Notifier.SignalRUpstream";
    private const string Opened = "notifier.connections.opened";
    private const string Closed = "notifier.connections.closed";
    private const string Refused = "notifier.connections.refused";

    private readonly StackFixture _fixture;
    private readonly SpanRecorder _spans = new();
    private NotifierEnvironment? _stack;
    private MeasurementRecorder? _metrics;

    public SignalRConnectionTelemetryTests(StackFixture fixture)
    {
        _fixture = fixture;
    }

    private NotifierEnvironment Stack => _stack!;

    private MeasurementRecorder Metrics => _metrics!;

    public async Task InitializeAsync()
    {
        _stack = await NotifierEnvironment.StartAsync(
            _fixture.Stack.Azurite,
            new Dictionary<string, string?> { ["Notifier:Limits:ConnectionsPerUser"] = "1" },
            transport: Transports.SignalR);
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
    public async Task Connections_are_counted_from_the_connected_and_disconnected_calls_each_a_span()
    {
        var user = NotifierClient.NewUser("counted");
        var client = await Stack.ConnectAsync(user);
        await Eventually.TrueAsync(() => Metrics.Sum(Opened) >= 1, "the connected call should count the connection.");
        await client.DisposeAsync();
        await Eventually.TrueAsync(() => Metrics.Sum(Closed) >= 1, "the disconnected call should count the close.");

        Assert.Equal(1, Metrics.Sum(Opened));
        Assert.Equal(1, Metrics.Sum(Closed));
        Assert.Equal(0, Metrics.Sum(Refused));
        var connected = await OneSpanAsync("signalr connected", user);
        var disconnected = await OneSpanAsync("signalr disconnected", user);
        Assert.Equal("connected", connected.Tag("notifier.event.name"));
        Assert.Equal("disconnected", disconnected.Tag("notifier.event.name"));
        Assert.False(string.IsNullOrEmpty(connected.Tag("notifier.connection.id")));
        Assert.Equal(connected.Tag("notifier.connection.id"), disconnected.Tag("notifier.connection.id"));
        Assert.Null(connected.Tag("notifier.rejection.reason"));
    }

    [Fact]
    public async Task A_connection_over_the_limit_counts_as_refused_and_its_end_not_as_a_close()
    {
        var user = NotifierClient.NewUser("one-tab");
        var first = await Stack.ConnectAsync(user);

        Assert.True(await EndToEndTests.IsRefusedAsync(Stack, user), "the second connection was admitted");
        var refused = await OneSpanAsync("signalr connected", user, s => s.Tag("notifier.rejection.reason") == "limit");
        var refusedId = refused.Tag("notifier.connection.id");
        await OneSpanAsync("signalr disconnected", user, s => s.Tag("notifier.connection.id") == refusedId);

        Assert.Equal(1, Metrics.Sum(Refused, ("notifier.rejection.reason", "limit")));
        Assert.Equal(1, Metrics.Sum(Refused));
        Assert.Equal(1, Metrics.Sum(Opened));
        Assert.Equal(0, Metrics.Sum(Closed));

        await first.DisposeAsync();
        await Eventually.TrueAsync(() => Metrics.Sum(Closed) >= 1, "the admitted connection's close should count.");
        Assert.Equal(1, Metrics.Sum(Closed));
    }

    [Fact]
    public async Task Ack_and_read_invocations_are_spans_named_for_the_event()
    {
        var user = NotifierClient.NewUser("reader");
        await using var client = await Stack.ConnectAsync(user);
        var id = NotifierClient.NewId();
        await Stack.Client.PublishAcceptedAsync($$"""{"id":"{{id}}","to":{"users":["{{user}}"]},"title":"Spanned"}""");
        await client.ReceiveEnvelopeAsync("notification");

        await client.SendEventAsync("ack", id);
        await client.SendEventAsync("read", id);
        var unknown = await client.TrySendEventAsync("poke", new Dictionary<string, string[]> { ["ids"] = [id] });

        Assert.Contains("Unknown method", unknown, StringComparison.Ordinal);
        var connectionId = (await OneSpanAsync("signalr connected", user)).Tag("notifier.connection.id");
        var ack = await OneSpanAsync("signalr ack", user);
        var read = await OneSpanAsync("signalr read", user);
        var other = await OneSpanAsync("signalr event", user);
        Assert.Equal("ack", ack.Tag("notifier.event.name"));
        Assert.Equal("read", read.Tag("notifier.event.name"));
        Assert.Equal("poke", other.Tag("notifier.event.name"));
        Assert.All(new[] { ack, read, other }, s => Assert.Equal(connectionId, s.Tag("notifier.connection.id")));
        Assert.Equal(ActivityKind.Internal, read.Kind);
    }

    private async Task<Activity> OneSpanAsync(string name, string user, Func<Activity, bool>? also = null)
    {
        bool Matches(Activity s) => s.Source.Name == Upstream && s.DisplayName == name && s.Tag("notifier.user.id") == user && (also?.Invoke(s) ?? true);
        await Eventually.TrueAsync(() => _spans.Matching(Matches).Count >= 1, $"the upstream should record '{name}' for {user}.");
        return Assert.Single(_spans.Matching(Matches));
    }
}

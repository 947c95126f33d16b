using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Notifier.Functions.Tests.Infrastructure;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Notifier.Functions.Tests.Telemetry;

/// <summary>
/// The exporters the settings turn on, each against a collector on a loopback port: what they send, that they send it
/// nowhere else (the Azure Monitor distro's VM detector would ask 169.254.169.254), and that our sources and meter are
/// subscribed.
/// </summary>
[Collection(TelemetryCollectionDefinition.Name)]
public sealed class ExportTests
{
    private readonly NotifierEnvironment _stack;

    public ExportTests(StackFixture fixture)
    {
        _stack = fixture.Stack;
    }

    [Fact]
    public async Task Azure_Monitor_exports_the_publish_to_its_ingestion_endpoint_and_calls_nothing_off_the_machine()
    {
        await using var collector = await LoopbackCollector.StartAsync();
        var hosts = new ConcurrentQueue<string>();
        using var outgoing = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "System.Net.Http",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            ActivityStopped = activity => hosts.Enqueue(activity.GetTagItem("server.address")?.ToString() ?? activity.GetTagItem("url.full")?.ToString() ?? "(unknown)"),
        };
        ActivitySource.AddActivityListener(outgoing);
        var endpoint = collector.Endpoint.AbsoluteUri;
        await using var stack = await NotifierEnvironment.StartAsync(_stack.Azurite, new Dictionary<string, string?>
        {
            ["APPLICATIONINSIGHTS_CONNECTION_STRING"] = $"InstrumentationKey=00000000-0000-0000-0000-000000000001;IngestionEndpoint={endpoint};LiveEndpoint={endpoint}",

            // Every trace, not the default 5 a second, which may leave out this one.
            ["OTEL_TRACES_SAMPLER"] = "microsoft.fixed_percentage",
            ["OTEL_TRACES_SAMPLER_ARG"] = "1.0",
        });
        var (traceId, _, traceparent) = SpanRecorder.NewRemoteParent();
        var id = NotifierClient.NewId();

        using var request = new HttpRequestMessage(HttpMethod.Post, "api/notifications")
        {
            Content = new StringContent($$"""{"id":"{{id}}","to":{"users":["{{NotifierClient.NewUser("exported")}}"]},"title":"Exported"}""", System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("X-Api-Key", StackSettings.ApiKey);
        request.Headers.Add("traceparent", traceparent);
        using var publisher = Publisher(stack);
        using var response = await publisher.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode);
        await Eventually.TrueAsync(
            () =>
            {
                stack.App.Services.GetRequiredService<TracerProvider>().ForceFlush(1000);
                stack.App.Services.GetRequiredService<MeterProvider>().ForceFlush(1000);
                var track = collector.TextOf("/v2.1/track");
                return track.Contains(id, StringComparison.Ordinal) && track.Contains("notifier.notifications", StringComparison.Ordinal);
            },
            "the publish span and the meter should reach the ingestion endpoint.",
            TimeSpan.FromSeconds(30));

        var sent = collector.TextOf("/v2.1/track");
        Assert.Contains(traceId.ToHexString(), sent, StringComparison.Ordinal);
        Assert.Contains("\"ai.cloud.role\":\"notifier-functions\"", sent, StringComparison.Ordinal);
        Assert.DoesNotContain("169.254.169.254", hosts);
        Assert.All(hosts, host => Assert.True(host is "127.0.0.1" or "localhost" or "::1" or "[::1]", $"An HTTP call left the machine: {host}"));
    }

    [Fact]
    public async Task Otlp_exports_traces_and_metrics_of_the_apps_sources_and_meter()
    {
        await using var collector = await LoopbackCollector.StartAsync();
        var spans = new List<Activity>();
        var metrics = new List<Metric>();
        await using var stack = await NotifierEnvironment.StartAsync(
            _stack.Azurite,
            new Dictionary<string, string?>
            {
                ["OTEL_EXPORTER_OTLP_ENDPOINT"] = collector.Endpoint.AbsoluteUri.TrimEnd('/'),
                ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            },
            services => services
                .ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(spans))
                .ConfigureOpenTelemetryMeterProvider(meters => meters.AddInMemoryExporter(metrics)));
        var (traceId, publisherSpan, traceparent) = SpanRecorder.NewRemoteParent();
        var id = NotifierClient.NewId();

        using var request = new HttpRequestMessage(HttpMethod.Post, "api/notifications")
        {
            Content = new StringContent($$"""{"id":"{{id}}","to":{"users":["{{NotifierClient.NewUser("otlp")}}"]},"title":"Over OTLP"}""", System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("X-Api-Key", StackSettings.ApiKey);
        request.Headers.Add("traceparent", traceparent);
        using var publisher = Publisher(stack);
        using var response = await publisher.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode);
        var tracer = stack.App.Services.GetRequiredService<TracerProvider>();
        var meter = stack.App.Services.GetRequiredService<MeterProvider>();
        await Eventually.TrueAsync(
            () =>
            {
                tracer.ForceFlush(1000);
                meter.ForceFlush(1000);
                return collector.Received.Any(r => r.Path == "/v1/traces") && collector.Received.Any(r => r.Path == "/v1/metrics");
            },
            "the OTLP exporter should post traces and metrics to the collector.",
            TimeSpan.FromSeconds(30));

        Activity[] exported;
        lock (spans)
        {
            exported = [.. spans.Where(s => s.TraceId == traceId)];
        }

        var publish = Assert.Single(exported, s => s.Source.Name == "Notifier.Publishing" && s.DisplayName == "publish");
        Assert.Equal(id, publish.GetTagItem("notifier.notification.id"));
        var server = Assert.Single(exported, s => s.SpanId == publish.ParentSpanId);
        Assert.Equal(publisherSpan, server.ParentSpanId);
        Assert.Contains(exported, s => s.Source.Name == "Notifier.Push");
        Assert.Contains(exported, s => s.Source.Name == "Notifier.Storage");
        lock (metrics)
        {
            Assert.Contains(metrics, m => m.MeterName == "Notifier" && m.Name == "notifier.notifications");
            Assert.Contains(metrics, m => m.MeterName == "Notifier" && m.Name == "notifier.publish.duration" && m.Unit == "s");
        }
    }

    /// <summary>
    /// A publisher's client that sends the traceparent it is given: with the app's HttpClient instrumentation in this
    /// process, the default handler would start a trace of its own and send that instead.
    /// </summary>
    private static HttpClient Publisher(NotifierEnvironment stack) =>
        new(new SocketsHttpHandler { ActivityHeadersPropagator = null }) { BaseAddress = stack.App.Endpoint };

    [Fact]
    public async Task Without_exporter_settings_the_app_registers_no_OpenTelemetry_provider()
    {
        await using var app = await NotifierServer.StartAsync(StackSettings.For("UseDevelopmentStorage=true", new Uri("http://127.0.0.1:9")));

        Assert.Null(app.Services.GetService<TracerProvider>());
        Assert.Null(app.Services.GetService<MeterProvider>());
        Assert.NotNull(app.Services.GetService<IMeterFactory>());
    }
}

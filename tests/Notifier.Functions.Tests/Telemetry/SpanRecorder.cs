using System.Collections.Concurrent;
using System.Diagnostics;

namespace Notifier.Functions.Tests.Telemetry;

/// <summary>Records the spans the app, the emulator and ASP.NET Core finish in this process, as an exporter would see them.</summary>
public sealed class SpanRecorder : IDisposable
{
    private readonly ConcurrentQueue<Activity> _stopped = new();
    private readonly ActivityListener _listener;

    public SpanRecorder()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name.StartsWith("Notifier.", StringComparison.Ordinal) || source.Name == "Microsoft.AspNetCore",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    /// <summary>A new trace, as a publisher's own span would start it: send its traceparent with the call.</summary>
    public static (ActivityTraceId TraceId, ActivitySpanId SpanId, string Traceparent) NewRemoteParent()
    {
        var traceId = ActivityTraceId.CreateRandom();
        var spanId = ActivitySpanId.CreateRandom();
        return (traceId, spanId, $"00-{traceId}-{spanId}-01");
    }

    public IReadOnlyList<Activity> InTrace(ActivityTraceId traceId) => [.. _stopped.Where(a => a.TraceId == traceId)];

    /// <summary>The finished spans that <paramref name="predicate"/> holds for, in any trace.</summary>
    public IReadOnlyList<Activity> Matching(Func<Activity, bool> predicate) => [.. _stopped.Where(predicate)];

    /// <summary>The spans of <paramref name="traceId"/> once <paramref name="complete"/> holds for them.</summary>
    public async Task<IReadOnlyList<Activity>> WaitForTraceAsync(ActivityTraceId traceId, Func<IReadOnlyList<Activity>, bool> complete, string because)
    {
        IReadOnlyList<Activity> spans = [];
        await Eventually.TrueAsync(() => complete(spans = InTrace(traceId)), because + " Spans so far: " + Describe(traceId));
        return spans;
    }

    public string Describe(ActivityTraceId traceId) =>
        string.Join("; ", InTrace(traceId).Select(a => $"{a.Source.Name}/{a.DisplayName} {a.SpanId} <- {a.ParentSpanId}"));

    public void Dispose() => _listener.Dispose();
}

namespace Notifier.Functions.Telemetry;

/// <summary>
/// Where and when the publish being pushed arrived, carried from the endpoint or queue trigger to the pusher, which
/// Core calls without either. Set only while something listens (<see cref="NotifierMetrics.MeasuresDelivery"/>), so
/// an unobserved publish pays nothing for it.
/// </summary>
internal sealed class PublishArrival
{
    private static readonly AsyncLocal<PublishArrival?> s_current = new();

    private PublishArrival(string source, long timestamp)
    {
        Source = source;
        Timestamp = timestamp;
    }

    public static PublishArrival? Current => s_current.Value;

    public string Source { get; }

    /// <summary>Gets the <see cref="System.Diagnostics.Stopwatch"/> timestamp of the arrival.</summary>
    public long Timestamp { get; }

    /// <summary>
    /// Marks the publish that the calling async method is about to run. The value flows into what it awaits and is gone
    /// when that method returns, so it never leaks into another request.
    /// </summary>
    public static void Begin(NotifierMetrics metrics, string source, long arrivalTimestamp)
    {
        if (metrics.MeasuresDelivery)
        {
            s_current.Value = new PublishArrival(source, arrivalTimestamp);
        }
    }
}

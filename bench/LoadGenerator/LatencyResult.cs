namespace Notifier.Bench.LoadGenerator;

/// <summary>Send-to-receipt latency of every delivery at a fixed broadcast rate, in milliseconds, and the
/// server's CPU per delivery at that rate (little batching is possible, unlike in the saturating phase).</summary>
internal sealed record LatencyResult(
    double Rate,
    int Broadcasts,
    long Expected,
    long Delivered,
    double P50Ms,
    double P90Ms,
    double P99Ms,
    double P999Ms,
    double MaxMs,
    double MeanMs,
    double ServerCpuMicrosecondsPerDelivery);

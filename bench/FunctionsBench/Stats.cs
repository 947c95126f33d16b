using System.Diagnostics;

namespace Notifier.Bench.FunctionsBench;

/// <summary>Percentiles over samples in milliseconds.</summary>
internal static class Stats
{
    public static double Percentile(IReadOnlyList<double> sorted, double p)
    {
        if (sorted.Count == 0)
        {
            return double.NaN;
        }

        // Nearest rank: the smallest sample with at least p % of the samples at or below it.
        var rank = (int)Math.Ceiling(p / 100 * sorted.Count);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Count - 1)];
    }

    public static Summary Summarize(IEnumerable<double> samples)
    {
        var sorted = samples.Order().ToList();
        return new Summary(
            sorted.Count,
            Percentile(sorted, 50),
            Percentile(sorted, 90),
            Percentile(sorted, 99),
            sorted.Count == 0 ? double.NaN : sorted.Average(),
            sorted.Count == 0 ? double.NaN : sorted[0],
            sorted.Count == 0 ? double.NaN : sorted[^1]);
    }

    public static double Milliseconds(long from, long to) => (to - from) * 1000.0 / Stopwatch.Frequency;

    public static double Seconds(long from, long to) => (to - from) / (double)Stopwatch.Frequency;
}

/// <summary>A distribution in milliseconds.</summary>
internal sealed record Summary(int Count, double P50, double P90, double P99, double Mean, double Min, double Max);

/// <summary>Collects latency samples from many threads.</summary>
internal sealed class Samples
{
    private readonly List<double> _values = [];
    private readonly Lock _lock = new();

    public void Add(double milliseconds)
    {
        lock (_lock)
        {
            _values.Add(milliseconds);
        }
    }

    public Summary Summarize()
    {
        lock (_lock)
        {
            return Stats.Summarize(_values);
        }
    }
}

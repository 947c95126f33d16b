using System.Diagnostics;

namespace Notifier.Functions.Tests.Fakes;

/// <summary>The real clock, which a test can move ahead: wall time and timestamps (what elapsed times are measured by) alike.</summary>
internal sealed class SkippingClock : TimeProvider
{
    private long _skippedTicks;

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + TimeSpan.FromTicks(Volatile.Read(ref _skippedTicks));

    public override long GetTimestamp() =>
        base.GetTimestamp() + (long)(Volatile.Read(ref _skippedTicks) * (Stopwatch.Frequency / (double)TimeSpan.TicksPerSecond));

    public void Skip(TimeSpan by) => Interlocked.Add(ref _skippedTicks, by.Ticks);
}

using Microsoft.Extensions.Time.Testing;

namespace Notifier.Publisher.Tests.Infrastructure;

/// <summary>A clock the test moves (<see cref="FakeTimeProvider"/>) that also records every wait asked of it, so a test can say how long code chose to wait.</summary>
public sealed class RecordingClock : TimeProvider
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 5, 10, 0, 0, TimeSpan.Zero));
    private readonly List<TimeSpan> _waits = [];
    private readonly Lock _lock = new();

    public IReadOnlyList<TimeSpan> Waits
    {
        get
        {
            lock (_lock)
            {
                return [.. _waits];
            }
        }
    }

    public void Advance(TimeSpan by) => _time.Advance(by);

    public override DateTimeOffset GetUtcNow() => _time.GetUtcNow();

    public override long GetTimestamp() => _time.GetTimestamp();

    public override long TimestampFrequency => _time.TimestampFrequency;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        lock (_lock)
        {
            _waits.Add(dueTime);
        }

        return _time.CreateTimer(callback, state, dueTime, period);
    }
}

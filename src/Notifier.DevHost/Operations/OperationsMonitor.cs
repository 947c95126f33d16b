using System.Diagnostics.Metrics;
using System.Globalization;

namespace Notifier.DevHost.Operations;

/// <summary>
/// Listens to the function app's <c>Notifier</c> meter in this process (a <see cref="MeterListener"/>, no OpenTelemetry
/// SDK) and keeps what a developer watches while load-testing: the accept rate per second, publish-to-push times
/// (<c>notifier.delivery.duration</c>) of the last minute, open connections and the latest failures.
/// </summary>
internal sealed class OperationsMonitor : IDisposable
{
    public const int RateWindowSeconds = 10;
    private const int Seconds = 60;
    private const int MaxSamples = 8192;
    private const int MaxFailures = 20;

    private readonly TimeProvider _time;
    private readonly MeterListener _listener = new();
    private readonly Lock _lock = new();
    private readonly long[] _acceptedPerSecond = new long[Seconds];
    private readonly long[] _secondOfSlot = new long[Seconds];
    private readonly Queue<(long Second, double Milliseconds)> _delivery = new();
    private readonly LinkedList<OperationsFailure> _failures = new();
    private readonly Dictionary<string, long> _totals = new(StringComparer.Ordinal);
    private long _opened;
    private long _closed;

    public OperationsMonitor(TimeProvider time)
    {
        _time = time;
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == "Notifier")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => OnMeasurement(instrument.Name, value, tags));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => OnMeasurement(instrument.Name, value, tags));
        _listener.Start();
    }

    public OperationsSnapshot Snapshot()
    {
        var now = _time.GetUtcNow();
        var second = now.ToUnixTimeSeconds();
        lock (_lock)
        {
            Expire(second);
            var rates = new double[Seconds];
            for (var i = 0; i < Seconds; i++)
            {
                // Oldest first; the current second is still filling, so the series ends at the last full one.
                var at = second - Seconds + i;
                var slot = (int)(at % Seconds);
                rates[i] = _secondOfSlot[slot] == at ? _acceptedPerSecond[slot] : 0;
            }

            var recent = rates[^RateWindowSeconds..].Average();
            var samples = _delivery.Select(d => d.Milliseconds).Order().ToArray();
            return new OperationsSnapshot(
                now,
                Math.Round(recent, 2),
                rates,
                Percentile(samples, 0.50),
                Percentile(samples, 0.99),
                samples.Length,
                _opened - _closed,
                new Dictionary<string, long>(_totals, StringComparer.Ordinal),
                [.. _failures]);
        }
    }

    public void Dispose() => _listener.Dispose();

    private static double? Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? null : Math.Round(sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)], 1);

    private static string Describe(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var parts = new List<string>(tags.Length);
        foreach (var tag in tags)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{tag.Key}={tag.Value}"));
        }

        return string.Join(", ", parts);
    }

    private static string? Tag(ReadOnlySpan<KeyValuePair<string, object?>> tags, string name)
    {
        foreach (var tag in tags)
        {
            if (tag.Key == name)
            {
                return tag.Value?.ToString();
            }
        }

        return null;
    }

    private void OnMeasurement(string instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var now = _time.GetUtcNow();
        var second = now.ToUnixTimeSeconds();
        var failure = instrument switch
        {
            "notifier.notifications" when Tag(tags, "notifier.outcome") == "push_failed" => "push failed",
            "notifier.publish.duration" when Tag(tags, "notifier.outcome") == "unavailable" => "publish unavailable (503)",
            "notifier.queue.rejections" => "queue message rejected",
            "notifier.rate_limit.refusals" => "rate limited (429)",
            "notifier.connections.refused" => "connection refused",
            "notifier.storage.duration" when Tag(tags, "error.type") is not null => "storage call failed",
            _ => null,
        };
        var detail = failure is null ? null : Describe(tags);
        lock (_lock)
        {
            switch (instrument)
            {
                case "notifier.notifications":
                    var outcome = Tag(tags, "notifier.outcome") ?? "unknown";
                    _totals[outcome] = _totals.GetValueOrDefault(outcome) + (long)value;
                    if (outcome == "accepted")
                    {
                        var slot = (int)(second % Seconds);
                        if (_secondOfSlot[slot] != second)
                        {
                            _secondOfSlot[slot] = second;
                            _acceptedPerSecond[slot] = 0;
                        }

                        _acceptedPerSecond[slot] += (long)value;
                    }

                    break;
                case "notifier.delivery.duration":
                    _delivery.Enqueue((second, value * 1000));
                    if (_delivery.Count > MaxSamples)
                    {
                        _delivery.Dequeue();
                    }

                    break;
                case "notifier.connections.opened":
                    _opened += (long)value;
                    break;
                case "notifier.connections.closed":
                    _closed += (long)value;
                    break;
            }

            if (failure is not null)
            {
                _failures.AddFirst(new OperationsFailure(now, failure, detail!));
                if (_failures.Count > MaxFailures)
                {
                    _failures.RemoveLast();
                }
            }
        }
    }

    private void Expire(long second)
    {
        while (_delivery.TryPeek(out var oldest) && oldest.Second <= second - Seconds)
        {
            _delivery.Dequeue();
        }
    }
}

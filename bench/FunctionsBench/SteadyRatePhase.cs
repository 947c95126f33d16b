using System.Diagnostics;
using System.Globalization;
using System.Net;

namespace Notifier.Bench.FunctionsBench;

/// <summary>
/// An open loop: requests leave on a fixed schedule (<c>rate</c> per second) whether or not earlier ones have been
/// answered (negotiate as a new user each, or an inbox page); latency is from the moment a request is handed to the
/// HTTP client to its complete answer.
/// </summary>
internal static class SteadyRatePhase
{
    public static async Task<SteadyRateResult> RunAsync(string name, double rate, TimeSpan duration, CpuMeter cpu, Func<int, Task<HttpStatusCode>> send)
    {
        var count = (int)Math.Round(rate * duration.TotalSeconds);
        var latency = new Samples();
        var statuses = new Dictionary<int, long>();
        var statusLock = new Lock();
        long failures = 0;
        var maxLateMs = 0.0;
        var tasks = new List<Task>(count);
        var period = Stopwatch.Frequency / rate;

        cpu.Start();
        var started = Stopwatch.GetTimestamp();
        for (var i = 0; i < count; i++)
        {
            var due = started + (long)(i * period);
            while (Stopwatch.GetTimestamp() < due)
            {
                var wait = Stats.Milliseconds(Stopwatch.GetTimestamp(), due);
                if (wait >= 1.5)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(wait - 1)).ConfigureAwait(false);
                }
                else
                {
                    Thread.Yield();
                }
            }

            maxLateMs = Math.Max(maxLateMs, Stats.Milliseconds(due, Stopwatch.GetTimestamp()));
            var index = i;
            tasks.Add(Task.Run(async () =>
            {
                var sent = Stopwatch.GetTimestamp();
                try
                {
                    var status = await send(index).ConfigureAwait(false);
                    if ((int)status is >= 200 and < 300)
                    {
                        latency.Add(Stats.Milliseconds(sent, Stopwatch.GetTimestamp()));
                    }

                    lock (statusLock)
                    {
                        statuses[(int)status] = statuses.GetValueOrDefault((int)status) + 1;
                    }
                }
                catch (HttpRequestException)
                {
                    Interlocked.Increment(ref failures);
                }
            }));
        }

        var scheduled = Stopwatch.GetTimestamp();
        await Task.WhenAll(tasks).ConfigureAwait(false);
        var cores = cpu.Stop();
        return new SteadyRateResult(
            name,
            rate,
            count,
            (count - 1) / Stats.Seconds(started, scheduled),
            statuses.ToDictionary(s => s.Key.ToString(CultureInfo.InvariantCulture), s => s.Value),
            failures,
            Math.Round(maxLateMs, 2),
            latency.Summarize(),
            cores);
    }
}

/// <summary>Requests at a steady rate.</summary>
/// <remarks>
/// <c>SentPerSecond</c>: The rate achieved by the schedule.<br/>
/// <c>MaxLateMs</c>: The most any request left after its scheduled time.<br/>
/// <c>Latency</c>: Successful (200) requests only.<br/>
/// </remarks>
internal sealed record SteadyRateResult(
    string Name,
    double TargetPerSecond,
    int Requests,
    double SentPerSecond,
    Dictionary<string, long> Statuses,
    long Failures,
    double MaxLateMs,
    Summary Latency,
    Dictionary<string, double> Cores);

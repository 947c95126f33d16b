using System.Diagnostics;
using System.Globalization;
using System.Net;

namespace Notifier.Bench.FunctionsBench;

/// <summary>
/// Closed-loop publishing: <c>publishers</c> loops, each sending its next notification when the previous one is
/// answered, for a fixed time. Recipients are assigned so that no two loops ever write the same inbox at once (each
/// loop has its own users), so the figures measure the publish path, not contention on an inbox's head row.
/// </summary>
internal static class PublishPhase
{
    private static long s_counter;

    /// <remarks>
    /// <c>recipients</c>: Recipient lists (JSON strings, without brackets) per publisher loop, used in turn.<br/>
    /// <c>ownIds</c>: Send an id with each notification (two storage calls for one recipient: the record, then the
    /// inbox); without, the app chooses it (one call for one recipient: the id is bound to the user).<br/>
    /// </remarks>
    public static async Task<PublishResult> RunAsync(
        string name,
        char letter,
        AppClient app,
        DeliverySink sink,
        IReadOnlyList<IReadOnlyList<string>> recipients,
        int recipientsPerNotification,
        TimeSpan duration,
        CpuMeter cpu,
        bool ownIds = false)
    {
        var deliveries = sink.Open(letter);
        var http = new Samples();
        var statuses = new Dictionary<int, long>();
        var failures = 0L;
        var accepted = 0L;
        var lastResponse = 0L;
        var statusLock = new Lock();

        cpu.Start();
        var started = Stopwatch.GetTimestamp();
        var deadline = started + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var loops = recipients.Select(async lists =>
        {
            for (var i = 0; Stopwatch.GetTimestamp() < deadline; i++)
            {
                var sent = Stopwatch.GetTimestamp();
                var tag = string.Create(CultureInfo.InvariantCulture, $"{letter}{sent}-{Interlocked.Increment(ref s_counter)}");
                HttpStatusCode status;
                try
                {
                    status = await app.PublishAsync(ownIds ? tag : null, lists[i % lists.Count], tag, CancellationToken.None).ConfigureAwait(false);
                }
                catch (HttpRequestException)
                {
                    Interlocked.Increment(ref failures);
                    continue;
                }

                var answered = Stopwatch.GetTimestamp();
                http.Add(Stats.Milliseconds(sent, answered));
                lock (statusLock)
                {
                    statuses[(int)status] = statuses.GetValueOrDefault((int)status) + 1;
                    if (status == HttpStatusCode.Accepted)
                    {
                        accepted++;
                        lastResponse = Math.Max(lastResponse, answered);
                    }
                }
            }
        }).ToList();
        await Task.WhenAll(loops).ConfigureAwait(false);

        // Pushes finish before the 202 is sent, but the last frames may still be on their way to the clients.
        var expected = accepted * recipientsPerNotification;
        var drainUntil = Stopwatch.GetTimestamp() + (5 * Stopwatch.Frequency);
        while (deliveries.Received < expected && Stopwatch.GetTimestamp() < drainUntil)
        {
            await Task.Delay(10).ConfigureAwait(false);
        }

        var cores = cpu.Stop();
        var received = deliveries.Received;
        var acceptedSeconds = Stats.Seconds(started, Math.Max(lastResponse, started + 1));
        var receivedSeconds = Stats.Seconds(started, Math.Max(deliveries.LastReceipt, started + 1));
        return new PublishResult(
            name,
            recipients.Count,
            recipientsPerNotification,
            Math.Round(duration.TotalSeconds, 1),
            accepted,
            statuses.Where(s => s.Key != (int)HttpStatusCode.Accepted).ToDictionary(s => s.Key.ToString(CultureInfo.InvariantCulture), s => s.Value),
            failures,
            accepted / acceptedSeconds,
            received,
            received / receivedSeconds,
            received / receivedSeconds / recipientsPerNotification,
            expected - received,
            deliveries.Latency.Summarize(),
            http.Summarize(),
            cores);
    }
}

/// <summary>The figures of one publish phase.</summary>
/// <remarks>
/// <c>AcceptedPerSecond</c>: HTTP 202 answers per second (notifications stored for every recipient).<br/>
/// <c>DeliveriesPerSecond</c>: Notifications received by clients per second, all recipients counted.<br/>
/// <c>NotificationsDeliveredPerSecond</c>: Deliveries per second ÷ recipients per notification.<br/>
/// <c>Lost</c>: Deliveries expected from the 202s but not received within 5 s of the last answer.<br/>
/// <c>EndToEnd</c>: Publish start (before the HTTP request) → receipt by a client, per delivery.<br/>
/// <c>Http</c>: Publish start → HTTP answer.<br/>
/// <c>Cores</c>: CPU used per process during the phase, in cores.<br/>
/// </remarks>
internal sealed record PublishResult(
    string Name,
    int Publishers,
    int RecipientsPerNotification,
    double Seconds,
    long Accepted,
    Dictionary<string, long> OtherStatuses,
    long Failures,
    double AcceptedPerSecond,
    long Delivered,
    double DeliveriesPerSecond,
    double NotificationsDeliveredPerSecond,
    long Lost,
    Summary EndToEnd,
    Summary Http,
    Dictionary<string, double> Cores);

using System.Globalization;
using System.Text;

namespace Notifier.Bench.FunctionsBench;

/// <summary>Markdown tables of the results.</summary>
internal static class Report
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;
    private static readonly string[] Processes = ["app", "emulator", "azurite", "bench", "other"];

    public static string ColdStart(ColdStartResult result, string? baselineName)
    {
        var text = new StringBuilder();
        text.AppendLine(Invariant, $"Cold start: process start → first 200 on GET /api/health, {result.Runs} runs each, alternating ({result.DiscardedRounds} rounds measured again because other work ran meanwhile).");
        text.AppendLine();
        text.AppendLine("| app | median ms | p90 ms | min ms | max ms | port open, median ms | CPU ms to the 200, median | other work, cores |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var target in result.Targets)
        {
            var s = target.FirstOk;
            text.AppendLine(Invariant, $"| {target.Name} | {s.P50:F1} | {s.P90:F1} | {s.Min:F1} | {s.Max:F1} | {target.Listening.P50:F1} | {target.Cpu.P50:F0} | {target.OtherCores:F2} |");
        }

        var baseline = result.Targets.FirstOrDefault(t => t.Name == baselineName);
        if (baseline is not null)
        {
            text.AppendLine();
            foreach (var target in result.Targets.Where(t => t != baseline))
            {
                var ratio = target.FirstOk.P50 / baseline.FirstOk.P50;
                text.AppendLine(Invariant, $"{target.Name} ÷ {baseline.Name}: median {ratio:F2}×, p90 {target.FirstOk.P90 / baseline.FirstOk.P90:F2}×, CPU {target.Cpu.P50 / baseline.Cpu.P50:F2}× (target ≤ 1.2× on the median: {(ratio <= 1.2 ? "met" : "not met")})");
            }
        }

        return text.ToString();
    }

    public static string Load(LoadResult r)
    {
        var text = new StringBuilder();
        text.AppendLine(Invariant, $"End to end, {r.Date:yyyy-MM-dd HH:mm} UTC, {r.Cores} cores: {r.Clients} clients, {r.Publishers} concurrent publishers/writers, {r.Seconds:F0} s per phase.");
        text.AppendLine(Invariant, $"Connect: {r.Connect.Connected} clients in {r.Connect.Seconds:F1} s ({r.Connect.PerSecond:F0}/s, {r.Connect.Retries} retries); clients dropped during the run: {r.ClientsDropped}; phases measured again because other work ran meanwhile: {r.RepeatedPhases}.");
        text.AppendLine();
        text.AppendLine("| phase | loops | rate | p50 ms | p99 ms | lost / errors | cores: app, emulator, azurite, bench, other |");
        text.AppendLine("|---|---:|---|---:|---:|---:|---|");
        Storage(text, r.RawInsertsBefore);
        Replay(text, "storage-only replay, row keys naming their partition (the app's)", r.ReplayUniqueKeys);
        Replay(text, "storage-only replay, a bound id (the record in the inbox's index row, no record insert)", r.ReplayBoundIds);
        Publish(text, r.SingleRecipient);
        Publish(text, r.SingleRecipientOwnIds);
        Storage(text, r.RawInsertsAfter);
        if (r.MultiRecipient is { } multi)
        {
            Publish(text, multi);
        }

        var o = r.PublishOpenLoop;
        text.AppendLine(Invariant, $"| publish, 1 recipient, open loop (answer latency; e2e p50/p99 {o.EndToEnd.P50:F2}/{o.EndToEnd.P99:F2} ms) | – | {o.Answers.SentPerSecond:F0} req/s sent ({o.Answers.Requests} requests) | {o.Answers.Latency.P50:F2} | {o.Answers.Latency.P99:F2} | {o.Answers.Requests - o.Received} / {o.Answers.Failures} | {Cores(o.Answers.Cores)} |");
        var n = r.Negotiate;
        text.AppendLine(Invariant, $"| negotiate, open loop, a new user each | – | {n.SentPerSecond:F0} req/s sent ({n.Requests} requests) | {n.Latency.P50:F2} | {n.Latency.P99:F2} | {n.Requests - n.Latency.Count} / {n.Failures} | {Cores(n.Cores)} |");
        var inbox = r.Inbox;
        text.AppendLine(Invariant, $"| inbox page (limit 50), open loop, the clients' users in turn | – | {inbox.SentPerSecond:F0} req/s sent ({inbox.Requests} requests) | {inbox.Latency.P50:F2} | {inbox.Latency.P99:F2} | {inbox.Requests - inbox.Latency.Count} / {inbox.Failures} | {Cores(inbox.Cores)} |");
        text.AppendLine();

        var raw = (r.RawInsertsBefore.PerSecond + r.RawInsertsAfter.PerSecond) / 2;
        var single = r.SingleRecipient.NotificationsDeliveredPerSecond;
        var ratio = single / raw;
        var own = r.SingleRecipientOwnIds.NotificationsDeliveredPerSecond;
        text.AppendLine(Invariant, $"1-recipient notifications delivered/s ÷ Azurite raw inserts/s (mean of before and after, {raw:F0}/s): **{ratio:P1}** without ids (bound: one call), {own / raw:P1} with the publisher's own ids (two calls) (target ≥ 50 %: {(ratio >= 0.5 ? "met" : "not met")}); 202/s ÷ raw: {r.SingleRecipient.AcceptedPerSecond / raw:P1}.");
        text.AppendLine(Invariant, $"Storage-only replay ÷ raw: {r.ReplayBoundIds.NotificationsPerSecond / raw:P1} for a bound id (one insert), {r.ReplayUniqueKeys.NotificationsPerSecond / raw:P1} for the publisher's own id (record, then a transaction of entry and index row); app ÷ its replay: {single / r.ReplayBoundIds.NotificationsPerSecond:P0} without ids, {own / r.ReplayUniqueKeys.NotificationsPerSecond:P0} with own ids.");
        if (r.MultiRecipient is { } m)
        {
            text.AppendLine(Invariant, $"{m.RecipientsPerNotification}-recipient: {m.AcceptedPerSecond:F1} notifications/s accepted, {m.DeliveriesPerSecond:F0} deliveries/s.");
        }

        text.AppendLine(Invariant, $"Replay, mean ms per call, partition-named row keys: {string.Join(", ", r.ReplayUniqueKeys.Calls.Where(c => c.Value.Count > 0).Select(c => $"{c.Key} {c.Value.Mean:F2}"))}; bound ids: {string.Join(", ", r.ReplayBoundIds.Calls.Where(c => c.Value.Count > 0).Select(c => $"{c.Key} {c.Value.Mean:F2}"))}.");
        return text.ToString();
    }

    private static void Replay(StringBuilder text, string label, ReplayResult r) =>
        text.AppendLine(Invariant, $"| {label} | {r.Concurrency} | {r.NotificationsPerSecond:F0} notifications/s ({r.CallsPerSecond:F0} calls/s, {r.CallsPerSecond / r.NotificationsPerSecond:F2} per notification) | {r.Latency.P50:F2} | {r.Latency.P99:F2} | – / {r.Errors} | {Cores(r.Cores)} |");

    private static void Storage(StringBuilder text, StorageResult s) =>
        text.AppendLine(Invariant, $"| Azurite {s.Name}, 1 entity each, new table | {s.Concurrency} | {s.PerSecond:F0} inserts/s | {s.Latency.P50:F2} | {s.Latency.P99:F2} | – / {s.Errors} | {Cores(s.Cores)} |");

    private static void Publish(StringBuilder text, PublishResult p)
    {
        var errors = p.Failures + p.OtherStatuses.Values.Sum();
        var statuses = p.OtherStatuses.Count == 0 ? string.Empty : " (" + string.Join(", ", p.OtherStatuses.Select(s => $"{s.Key}: {s.Value}")) + ")";
        var rate = p.RecipientsPerNotification == 1
            ? $"{p.AcceptedPerSecond:F0} 202/s, {p.DeliveriesPerSecond:F0} received/s"
            : $"{p.AcceptedPerSecond:F1} 202/s, {p.DeliveriesPerSecond:F0} deliveries/s";
        text.AppendLine(Invariant, $"| publish, {p.Name} (e2e latency; HTTP p50/p99 {p.Http.P50:F1}/{p.Http.P99:F1} ms) | {p.Publishers} | {rate} | {p.EndToEnd.P50:F1} | {p.EndToEnd.P99:F1} | {p.Lost} / {errors}{statuses} | {Cores(p.Cores)} |");
    }

    private static string Cores(Dictionary<string, double> cores) =>
        string.Join(", ", Processes.Select(k => cores.TryGetValue(k, out var v) ? v.ToString("F2", Invariant) : "–"));
}

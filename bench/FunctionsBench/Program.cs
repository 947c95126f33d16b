using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Notifier.Bench.FunctionsBench;

const string Usage = """
    usage:
      FunctionsBench coldstart --target NAME=EXECUTABLE [--target …] [--baseline NAME] [--runs 20] [--warmup 2] [--max-other-cores 0.25]
                               [--env NAME=VALUE …] [--out FILE.json] [--markdown FILE.md]
      FunctionsBench load --app http://127.0.0.1:PORT --storage CONNECTION_STRING --api-key KEY
                          [--clients 1000] [--publishers 16] [--seconds 10] [--warmup 3] [--multi 50]
                          [--negotiate-rate 200] [--negotiate-seconds 10] [--inbox-rate 50] [--publish-rate 200] [--connect-concurrency 50]
                          [--max-other-cores 0.25] [--phase-retries 3]
                          [--pid NAME=PID …] [--out FILE.json] [--markdown FILE.md]
      FunctionsBench azurite --storage CONNECTION_STRING [--publishers 16] [--seconds 3] [--rounds 5] [--pid azurite=PID]
    """;

var json = new JsonSerializerOptions
{
    WriteIndented = true,
    PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
    NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
};

if (args.Length == 0)
{
    await Console.Error.WriteLineAsync(Usage).ConfigureAwait(false);
    return 2;
}

try
{
    // Repeated options (--target, --env, --pid) are collected before the rest is parsed.
    var repeated = new Dictionary<string, List<string>>(StringComparer.Ordinal) { ["target"] = [], ["env"] = [], ["pid"] = [] };
    var rest = new List<string>();
    for (var i = 1; i < args.Length; i++)
    {
        if (args[i].StartsWith("--", StringComparison.Ordinal) && repeated.TryGetValue(args[i][2..], out var list) && i + 1 < args.Length)
        {
            list.Add(args[++i]);
        }
        else
        {
            rest.Add(args[i]);
        }
    }

    var options = new Args(rest);
    string markdown;
    object result;
    switch (args[0])
    {
        case "coldstart":
        {
            var targets = repeated["target"].Select(Pair).ToList();
            if (targets.Count == 0)
            {
                throw new ArgumentException("give at least one --target NAME=EXECUTABLE");
            }

            var environment = repeated["env"].Select(Pair).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
            var coldStart = ColdStart.Run(targets, options.Int("runs", 20), options.Int("warmup", 2), options.Double("max-other-cores", 0.25), environment, Console.Error);
            markdown = Report.ColdStart(coldStart, options.Optional("baseline"));
            result = coldStart;
            break;
        }

        case "load":
        {
            var load = new LoadOptions(
                new Uri(options.Required("app")),
                options.Required("storage"),
                options.Required("api-key"),
                options.Int("clients", 1000),
                options.Int("publishers", 16),
                TimeSpan.FromSeconds(options.Double("seconds", 10)),
                TimeSpan.FromSeconds(options.Double("warmup", 3)),
                options.Int("multi", 50),
                options.Double("negotiate-rate", 200),
                TimeSpan.FromSeconds(options.Double("negotiate-seconds", 10)),
                options.Double("inbox-rate", 50),
                options.Double("publish-rate", 200),
                options.Int("connect-concurrency", 50),
                options.Double("max-other-cores", 0.25),
                options.Int("phase-retries", 3),
                repeated["pid"].Select(Pair).ToDictionary(p => p.Key, p => int.Parse(p.Value, CultureInfo.InvariantCulture), StringComparer.Ordinal));
            var loadResult = await new LoadBenchmark(load, Console.Error).RunAsync().ConfigureAwait(false);
            markdown = Report.Load(loadResult);
            result = loadResult;
            break;
        }

        case "azurite":
        {
            // Azurite alone: rounds of raw inserts into two tables that keep growing, one whose entities share their
            // RowKey (like the app's notification records) and one with unique row keys.
            var storage = options.Required("storage");
            var concurrency = options.Int("publishers", 16);
            var duration = TimeSpan.FromSeconds(options.Double("seconds", 3));
            var rounds = options.Int("rounds", 5);
            var cpu = new CpuMeter(repeated["pid"].Select(Pair).ToDictionary(p => p.Key, p => int.Parse(p.Value, CultureInfo.InvariantCulture), StringComparer.Ordinal));
            var tag = Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
            var series = new Dictionary<string, List<(long Rows, StorageResult Result)>>(StringComparer.Ordinal) { ["constant"] = [], ["unique"] = [] };
            foreach (var (shape, rows) in series)
            {
                long count = 0;
                for (var round = 1; round <= rounds; round++)
                {
                    var r = await StoragePhases.RawInsertsAsync($"{shape} RowKey", storage, concurrency, duration, cpu, $"BenchGrowing{shape}{tag}", shape == "constant").ConfigureAwait(false);
                    rows.Add((count, r));
                    count += r.Operations;
                    await Console.Error.WriteLineAsync($"    {shape} RowKey, round {round}: {r.PerSecond:F0} inserts/s").ConfigureAwait(false);
                }
            }

            var text = new System.Text.StringBuilder();
            text.AppendLine(CultureInfo.InvariantCulture, $"Azurite alone: raw inserts, {concurrency} concurrent, {duration.TotalSeconds:F0} s rounds into one growing table per key shape.");
            text.AppendLine();
            text.AppendLine("| round | constant RowKey: rows before | inserts/s | Azurite cores | unique RowKey: rows before | inserts/s | Azurite cores |");
            text.AppendLine("|---:|---:|---:|---:|---:|---:|---:|");
            for (var i = 0; i < rounds; i++)
            {
                var (cr, c) = series["constant"][i];
                var (ur, u) = series["unique"][i];
                text.AppendLine(CultureInfo.InvariantCulture, $"| {i + 1} | {cr} | {c.PerSecond:F0} | {c.Cores.GetValueOrDefault("azurite", double.NaN):F2} | {ur} | {u.PerSecond:F0} | {u.Cores.GetValueOrDefault("azurite", double.NaN):F2} |");
            }

            // What a request costs Azurite against the entities it carries: one append written five ways, in turns, so
            // that Azurite's drift between rounds falls on every shape alike.
            var shapes = new[] { "insert", "e", "ei", "he", "hei" };
            var shapeRuns = shapes.ToDictionary(s => s, _ => new List<StorageResult>(), StringComparer.Ordinal);
            for (var round = 1; round <= rounds; round++)
            {
                foreach (var shape in shapes)
                {
                    var r = await StoragePhases.AppendShapeAsync(shape, storage, concurrency, duration, cpu).ConfigureAwait(false);
                    shapeRuns[shape].Add(r);
                    await Console.Error.WriteLineAsync($"    {shape}, round {round}: {r.PerSecond:F0}/s").ConfigureAwait(false);
                }
            }

            var raw = series["unique"].Select(r => r.Result.PerSecond).Order().ElementAt(rounds / 2);
            text.AppendLine();
            text.AppendLine(CultureInfo.InvariantCulture, $"One append per request, {concurrency} concurrent, {duration.TotalSeconds:F0} s each, shapes in turns ({rounds} rounds; median, and its share of the median raw insert rate with unique row keys above, {raw:F0}/s):");
            text.AppendLine();
            text.AppendLine("| request | appends/s, each round | median | ÷ raw inserts | Azurite cores (median round) |");
            text.AppendLine("|---|---|---:|---:|---:|");
            foreach (var shape in shapes)
            {
                var runs = shapeRuns[shape];
                var median = runs.OrderBy(r => r.PerSecond).ElementAt(rounds / 2);
                var label = shape switch
                {
                    "insert" => "the entry, a plain insert",
                    "e" => "transaction: the entry",
                    "ei" => "transaction: entry, index row (no head)",
                    "he" => "transaction: head (replaced under its ETag), entry",
                    _ => "transaction: head, entry, index row (the app's append)",
                };
                text.AppendLine(CultureInfo.InvariantCulture, $"| {label} | {string.Join(", ", runs.Select(r => r.PerSecond.ToString("F0", CultureInfo.InvariantCulture)))} | {median.PerSecond:F0} | {median.PerSecond / raw:P0} | {median.Cores.GetValueOrDefault("azurite", double.NaN):F2} |");
            }

            markdown = text.ToString();
            result = new
            {
                growing = series.ToDictionary(s => s.Key, s => s.Value.Select(v => new { v.Rows, v.Result }).ToList(), StringComparer.Ordinal),
                shapes = shapeRuns,
            };
            break;
        }

        default:
            throw new ArgumentException($"unknown command '{args[0]}'");
    }

    Console.WriteLine(markdown);
    if (options.Optional("out") is { } output)
    {
        await File.WriteAllTextAsync(output, JsonSerializer.Serialize(result, result.GetType(), json)).ConfigureAwait(false);
    }

    if (options.Optional("markdown") is { } markdownFile)
    {
        await File.WriteAllTextAsync(markdownFile, markdown).ConfigureAwait(false);
    }

    return 0;
}
catch (Exception e) when (e is ArgumentException or FormatException)
{
    await Console.Error.WriteLineAsync(e.Message).ConfigureAwait(false);
    await Console.Error.WriteLineAsync(Usage).ConfigureAwait(false);
    return 2;
}
catch (InvalidOperationException e)
{
    await Console.Error.WriteLineAsync("failed: " + e.Message).ConfigureAwait(false);
    return 1;
}

static (string Key, string Value) Pair(string text)
{
    var at = text.IndexOf('=', StringComparison.Ordinal);
    return at > 0 ? (text[..at], text[(at + 1)..]) : throw new ArgumentException($"expected NAME=VALUE, got '{text}'");
}

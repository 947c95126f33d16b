using System.Text.Json;
using Notifier.Bench.LoadGenerator;

GeneratorOptions options;
try
{
    options = GeneratorOptions.Parse(args);
}
catch (Exception e) when (e is ArgumentException or FormatException)
{
    await Console.Error.WriteLineAsync(e.Message).ConfigureAwait(false);
    await Console.Error.WriteLineAsync(
        "usage: LoadGenerator --server emulator|emulator-raw|ws|signalr --base http://127.0.0.1:PORT --pid SERVER_PID " +
        "[--clients N] [--connect-concurrency N] [--warmup-clients N] [--warmup-broadcasts N] [--settle S] [--payload-bytes N] " +
        "[--latency-rate R] [--latency-seconds S] [--inflight N] [--throughput-seconds S] [--drain S] [--hold S] [--out FILE]").ConfigureAwait(false);
    return 2;
}

using var benchmark = new Benchmark(options, Console.Error);
BenchmarkResult result;
try
{
    result = await benchmark.RunAsync().ConfigureAwait(false);
}
catch (InvalidOperationException e)
{
    await Console.Error.WriteLineAsync($"[{options.Server} x{options.Clients}] failed: {e.Message}").ConfigureAwait(false);
    return 1;
}

var json = JsonSerializer.Serialize(result, ResultJson.Options);
if (options.Output is { } output)
{
    await File.WriteAllTextAsync(output, json).ConfigureAwait(false);
}
else
{
    Console.WriteLine(json);
}

return 0;

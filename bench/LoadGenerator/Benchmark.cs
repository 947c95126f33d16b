using System.Diagnostics;

namespace Notifier.Bench.LoadGenerator;

/// <summary>
/// One run against one server: warm-up, baseline RSS, connect N clients (connect rate), idle RSS (memory per
/// connection), fixed-rate broadcasts (latency), saturating broadcasts (deliveries per second), close.
/// </summary>
internal sealed class Benchmark : IDisposable
{
    private const int MaxThroughputBroadcasts = 2_000_000;
    private const int SyncAttempts = 60;

    private readonly GeneratorOptions _options;
    private readonly ServerTarget _target;
    private readonly DeliverySink _sink = new();
    private readonly Broadcaster _broadcaster;
    private readonly TextWriter _log;
    private long _nextSequence = 1;
    private int _failedBroadcasts;

    public Benchmark(GeneratorOptions options, TextWriter log)
    {
        _options = options;
        _log = log;
        _target = ServerTarget.Create(options);
        _broadcaster = new Broadcaster(_target, options.InFlight * 2);
    }

    public async Task<BenchmarkResult> RunAsync()
    {
        var started = DateTimeOffset.UtcNow;
        var pid = _options.ServerPid;
        var settle = TimeSpan.FromSeconds(_options.SettleSeconds);

        // Warm-up: JIT and pools on every path the run takes, on a few clients that then leave.
        var warmupCount = Math.Min(_options.WarmupClients, _options.Clients);
        Log($"warm-up: {warmupCount} clients, {_options.WarmupBroadcasts} broadcasts");
        var (warmup, _) = await ConnectAsync(warmupCount).ConfigureAwait(false);
        var warmConnected = warmup.Count(c => c is not null);
        await SyncAsync(warmConnected).ConfigureAwait(false);
        await LatencyAsync(warmConnected, Math.Min(_options.LatencyRate, 50), 1).ConfigureAwait(false);
        await SaturateAsync(warmConnected, TimeSpan.FromSeconds(30), _options.WarmupBroadcasts).ConfigureAwait(false);
        await CloseAsync(warmup).ConfigureAwait(false);
        var droppedBefore = _sink.Dropped;

        var baseline = await ProcessMemory.SettledResidentBytesAsync(pid, settle).ConfigureAwait(false);
        await HoldAsync("before connecting").ConfigureAwait(false);
        Log($"baseline RSS {baseline / 1048576.0:F1} MiB; connecting {_options.Clients} clients, {_options.ConnectConcurrency} at a time");
        var cpuAtStart = (Machine: ProcessCpu.MachineBusySeconds(), Server: ProcessCpu.Seconds(pid), Generator: ProcessCpu.Seconds(Environment.ProcessId), Time: Stopwatch.GetTimestamp());
        var (clients, connect) = await ConnectAsync(_options.Clients).ConfigureAwait(false);
        Log($"connected {connect.Connected}/{connect.Attempted} in {connect.Seconds:F2} s ({connect.PerSecond:F0}/s){(connect.FirstError is null ? string.Empty : "; first error: " + connect.FirstError)}");
        using var pings = new CancellationTokenSource();
        var pinger = _target.IsSignalR ? PingAsync(clients, pings.Token) : Task.CompletedTask;

        var idle = await ProcessMemory.SettledResidentBytesAsync(pid, settle).ConfigureAwait(false);
        var memory = new MemoryResult(baseline, idle, connect.Connected, connect.Connected == 0 ? 0 : (idle - baseline) / (double)connect.Connected);
        Log($"idle RSS {idle / 1048576.0:F1} MiB: {memory.BytesPerConnection / 1024:F1} KiB per connection");
        await HoldAsync("with the clients idle").ConfigureAwait(false);

        await SyncAsync(connect.Connected).ConfigureAwait(false);
        var latency = await LatencyAsync(connect.Connected, _options.LatencyRate, _options.LatencySeconds).ConfigureAwait(false);
        Log($"latency at {latency.Rate}/s: p50 {latency.P50Ms:F2} ms, p99 {latency.P99Ms:F2} ms, max {latency.MaxMs:F2} ms ({latency.Delivered}/{latency.Expected} delivered, server {latency.ServerCpuMicrosecondsPerDelivery:F2} µs CPU per delivery)");
        var throughput = await SaturateAsync(connect.Connected, TimeSpan.FromSeconds(_options.ThroughputSeconds), MaxThroughputBroadcasts).ConfigureAwait(false);
        Log($"throughput: {throughput.DeliveriesPerSecond:F0} deliveries/s ({throughput.BroadcastsPerSecond:F1} broadcasts/s, {throughput.Delivered}/{throughput.Expected} delivered, server {throughput.ServerCpuMicrosecondsPerDelivery:F2} µs CPU per delivery; CPU s: server {throughput.ServerCpuSeconds:F2}, generator {throughput.GeneratorCpuSeconds:F2}, other {throughput.OtherCpuSeconds:F2})");

        var other = (ProcessCpu.MachineBusySeconds() - cpuAtStart.Machine - (ProcessCpu.Seconds(pid) - cpuAtStart.Server) - (ProcessCpu.Seconds(Environment.ProcessId) - cpuAtStart.Generator))
            / Stopwatch.GetElapsedTime(cpuAtStart.Time).TotalSeconds;
        Log($"other work on the machine used {Math.Max(0, other):F2} cores on average while measuring");
        await pings.CancelAsync().ConfigureAwait(false);
        await pinger.ConfigureAwait(false);
        var dropped = _sink.Dropped - droppedBefore;
        await CloseAsync(clients).ConfigureAwait(false);

        return new BenchmarkResult(
            _options.Server.ToString(),
            _options.Clients,
            _options.PayloadBytes,
            started,
            connect,
            memory,
            latency,
            throughput,
            Math.Max(0, other),
            dropped,
            _failedBroadcasts,
            _broadcaster.FirstFailure);
    }

    public void Dispose() => _broadcaster.Dispose();

    private static double Milliseconds(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;

    private static double Percentile(long[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : Milliseconds(sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)]);

    private async Task<(BenchClient?[] Clients, ConnectResult Result)> ConnectAsync(int count)
    {
        var clients = new BenchClient?[count];
        var failed = 0;
        string? firstError = null;
        using var gate = new SemaphoreSlim(_options.ConnectConcurrency);
        var stopwatch = Stopwatch.StartNew();
        var tasks = new Task[count];
        for (var i = 0; i < count; i++)
        {
            tasks[i] = ConnectOneAsync(i);
        }

        await Task.WhenAll(tasks).ConfigureAwait(false);
        var seconds = stopwatch.Elapsed.TotalSeconds;
        var connected = count - failed;
        return (clients, new ConnectResult(count, connected, _options.ConnectConcurrency, seconds, connected / seconds, firstError));

        async Task ConnectOneAsync(int index)
        {
            await gate.WaitAsync().ConfigureAwait(false);
            var client = new BenchClient();
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
                await client.ConnectAsync(_target, timeout.Token).ConfigureAwait(false);
                clients[index] = client;
                _ = client.RunAsync(_sink);
            }
            catch (Exception e) when (e is System.Net.WebSockets.WebSocketException or IOException or OperationCanceledException or HttpRequestException)
            {
                client.Dispose();
                Interlocked.Increment(ref failed);
                Interlocked.CompareExchange(ref firstError, e.Message, null);
            }
            finally
            {
                gate.Release();
            }
        }
    }

    /// <summary>Broadcasts probes until one reaches every client, so the server has registered them all.</summary>
    private async Task SyncAsync(int clients)
    {
        var tracker = NewTracker(SyncAttempts, clients, 0, null);
        for (var attempt = 0; attempt < SyncAttempts; attempt++)
        {
            tracker.TryBegin(out var index, out var sequence);
            var sent = await _broadcaster.SendAsync(BroadcastPayload.Create(sequence, Stopwatch.GetTimestamp(), _options.PayloadBytes)).ConfigureAwait(false);
            if (!sent)
            {
                throw new InvalidOperationException("The server refused a broadcast: " + _broadcaster.FirstFailure);
            }

            tracker.Answered(index, true);
            for (var waited = 0; waited < 100 && !tracker.IsComplete(index); waited++)
            {
                await Task.Delay(10).ConfigureAwait(false);
            }

            if (tracker.IsComplete(index))
            {
                return;
            }
        }

        throw new InvalidOperationException($"No probe broadcast reached all {clients} clients in {SyncAttempts} attempts.");
    }

    private async Task<LatencyResult> LatencyAsync(int clients, double rate, double seconds)
    {
        var count = Math.Max(1, (int)Math.Round(rate * seconds));
        var tracker = NewTracker(count, clients, (long)count * clients, null);
        var period = Stopwatch.Frequency / rate;
        var sends = new Task[count];
        var serverCpu = ProcessCpu.Seconds(_options.ServerPid);
        var start = Stopwatch.GetTimestamp();
        for (var i = 0; i < count; i++)
        {
            var due = start + (long)(i * period);
            var now = Stopwatch.GetTimestamp();
            if (due > now)
            {
                await Task.Delay(Stopwatch.GetElapsedTime(now, due)).ConfigureAwait(false);
            }

            tracker.TryBegin(out var index, out var sequence);
            sends[i] = SendAsync(tracker, index, BroadcastPayload.Create(sequence, Stopwatch.GetTimestamp(), _options.PayloadBytes));
        }

        await Task.WhenAll(sends).ConfigureAwait(false);
        await tracker.DrainAsync(TimeSpan.FromSeconds(_options.DrainSeconds)).ConfigureAwait(false);
        serverCpu = ProcessCpu.Seconds(_options.ServerPid) - serverCpu;
        var sorted = tracker.SortedLatencies();
        return new LatencyResult(
            rate,
            count,
            (long)(count - tracker.FailedRequests) * clients,
            tracker.Delivered,
            Percentile(sorted, 0.50),
            Percentile(sorted, 0.90),
            Percentile(sorted, 0.99),
            Percentile(sorted, 0.999),
            sorted.Length == 0 ? double.NaN : Milliseconds(sorted[^1]),
            sorted.Length == 0 ? double.NaN : sorted.Average(t => Milliseconds(t)),
            tracker.Delivered == 0 ? double.NaN : serverCpu * 1e6 / tracker.Delivered);
    }

    private async Task<ThroughputResult> SaturateAsync(int clients, TimeSpan duration, int maxBroadcasts)
    {
        using var window = new SemaphoreSlim(_options.InFlight);
        var tracker = NewTracker(maxBroadcasts, clients, 0, window);
        var pid = _options.ServerPid;
        var serverCpu = ProcessCpu.Seconds(pid);
        var generatorCpu = ProcessCpu.Seconds(Environment.ProcessId);
        var machineCpu = ProcessCpu.MachineBusySeconds();
        var start = Stopwatch.GetTimestamp();
        var end = start + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var sends = new List<Task>();
        while (true)
        {
            var now = Stopwatch.GetTimestamp();
            if (now >= end || !await window.WaitAsync(Stopwatch.GetElapsedTime(now, end)).ConfigureAwait(false))
            {
                break;
            }

            if (!tracker.TryBegin(out var index, out var sequence))
            {
                break;
            }

            sends.Add(SendAsync(tracker, index, BroadcastPayload.Create(sequence, Stopwatch.GetTimestamp(), _options.PayloadBytes)));
        }

        await Task.WhenAll(sends).ConfigureAwait(false);
        var drained = await tracker.DrainAsync(TimeSpan.FromSeconds(_options.DrainSeconds)).ConfigureAwait(false);
        var last = tracker.LastDelivery;
        serverCpu = ProcessCpu.Seconds(pid) - serverCpu;
        generatorCpu = ProcessCpu.Seconds(Environment.ProcessId) - generatorCpu;
        machineCpu = ProcessCpu.MachineBusySeconds() - machineCpu;
        var seconds = last > start ? Stopwatch.GetElapsedTime(start, last).TotalSeconds : double.NaN;
        var delivered = tracker.Delivered;
        var broadcasts = tracker.Started;
        return new ThroughputResult(
            _options.InFlight,
            broadcasts,
            (long)(broadcasts - tracker.FailedRequests) * clients,
            delivered,
            seconds,
            delivered / seconds,
            broadcasts / seconds,
            serverCpu,
            generatorCpu,
            Math.Max(0, machineCpu - serverCpu - generatorCpu),
            delivered == 0 ? double.NaN : serverCpu * 1e6 / delivered,
            drained);
    }

    private async Task SendAsync(DeliveryTracker tracker, int index, byte[] payload)
    {
        var sent = await _broadcaster.SendAsync(payload).ConfigureAwait(false);
        if (!sent)
        {
            Interlocked.Increment(ref _failedBroadcasts);
        }

        tracker.Answered(index, sent);
    }

    private DeliveryTracker NewTracker(int capacity, int clients, long latencyCapacity, SemaphoreSlim? window)
    {
        var tracker = new DeliveryTracker(_nextSequence, capacity, clients, latencyCapacity, window);
        _nextSequence += capacity;
        _sink.Current = tracker;
        return tracker;
    }

    private static async Task PingAsync(BenchClient?[] clients, CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                await Task.Delay(TimeSpan.FromSeconds(10), cancellationToken).ConfigureAwait(false);
                await Task.WhenAll(clients.Where(c => c is not null).Select(c => c!.PingAsync())).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task CloseAsync(BenchClient?[] clients)
    {
        using var gate = new SemaphoreSlim(_options.ConnectConcurrency);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await Task.WhenAll(clients.Where(c => c is not null).Select(async c =>
        {
            await gate.WaitAsync().ConfigureAwait(false);
            try
            {
                await c!.CloseAsync(timeout.Token).ConfigureAwait(false);
            }
            finally
            {
                gate.Release();
            }
        })).ConfigureAwait(false);

        // Give the servers a moment to answer the close handshakes before the sockets go.
        for (var waited = 0; waited < 50 && clients.Any(c => c is not null && c.State is System.Net.WebSockets.WebSocketState.Open or System.Net.WebSockets.WebSocketState.CloseSent); waited++)
        {
            await Task.Delay(100).ConfigureAwait(false);
        }

        foreach (var client in clients)
        {
            client?.Dispose();
        }
    }

    private async Task HoldAsync(string when)
    {
        if (_options.HoldSeconds > 0)
        {
            Log($"holding {_options.HoldSeconds} s {when}");
            await Task.Delay(TimeSpan.FromSeconds(_options.HoldSeconds)).ConfigureAwait(false);
        }
    }

    private void Log(string message) => _log.WriteLine($"[{_options.Server} x{_options.Clients}] {message}");
}

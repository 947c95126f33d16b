namespace Notifier.Bench.LoadGenerator;

/// <summary>Everything one run measured against one server at one client count.</summary>
internal sealed record BenchmarkResult(
    string Server,
    int Clients,
    int PayloadBytes,
    DateTimeOffset Started,
    ConnectResult Connect,
    MemoryResult Memory,
    LatencyResult Latency,
    ThroughputResult Throughput,
    int DroppedClients,
    int FailedBroadcasts,
    string? FirstBroadcastFailure);

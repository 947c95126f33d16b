namespace Notifier.Bench.LoadGenerator;

/// <summary>
/// Everything one run measured against one server at one client count. <see cref="OtherCoresBusy"/>: the average
/// number of cores that neither the server nor the generator used while measuring (other work on the machine).
/// </summary>
internal sealed record BenchmarkResult(
    string Server,
    int Clients,
    int PayloadBytes,
    DateTimeOffset Started,
    ConnectResult Connect,
    MemoryResult Memory,
    LatencyResult Latency,
    ThroughputResult Throughput,
    double OtherCoresBusy,
    int DroppedClients,
    int FailedBroadcasts,
    string? FirstBroadcastFailure);

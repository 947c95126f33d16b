namespace Notifier.Bench.LoadGenerator;

/// <summary>
/// Saturating fan-out: broadcasts back-to-back with at most <see cref="InFlight"/> outstanding; deliveries per second
/// over the time from the first send to the last receipt, and the CPU each process spent meanwhile
/// (<see cref="OtherCpuSeconds"/>: everything else on the machine, kernel interrupt work included).
/// </summary>
internal sealed record ThroughputResult(
    int InFlight,
    int Broadcasts,
    long Expected,
    long Delivered,
    double Seconds,
    double DeliveriesPerSecond,
    double BroadcastsPerSecond,
    double ServerCpuSeconds,
    double GeneratorCpuSeconds,
    double OtherCpuSeconds,
    double ServerCpuMicrosecondsPerDelivery,
    bool Drained);

namespace Notifier.DevHost.Operations;

/// <summary>What the operations page shows, as <c>GET /ops/metrics.json</c> answers it.</summary>
/// <param name="At">When the snapshot was taken.</param>
/// <param name="PublishRate">Notifications accepted per second over the last <see cref="OperationsMonitor.RateWindowSeconds"/> seconds.</param>
/// <param name="RecentRates">Accepted per second for each of the last 60 seconds, oldest first.</param>
/// <param name="DeliveryP50">Median publish-to-push time in milliseconds over the last minute, or null without pushes.</param>
/// <param name="DeliveryP99">99th percentile publish-to-push time in milliseconds over the last minute, or null without pushes.</param>
/// <param name="DeliverySamples">How many pushes the percentiles are taken over.</param>
/// <param name="OpenConnections">Connections opened minus closed since the stack started.</param>
/// <param name="Totals">Notifications by outcome since the stack started.</param>
/// <param name="Failures">The latest failures, newest first.</param>
internal sealed record OperationsSnapshot(
    DateTimeOffset At,
    double PublishRate,
    IReadOnlyList<double> RecentRates,
    double? DeliveryP50,
    double? DeliveryP99,
    int DeliverySamples,
    long OpenConnections,
    IReadOnlyDictionary<string, long> Totals,
    IReadOnlyList<OperationsFailure> Failures);

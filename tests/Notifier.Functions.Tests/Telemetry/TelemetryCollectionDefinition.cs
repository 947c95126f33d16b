using Notifier.Functions.Tests.Infrastructure;

namespace Notifier.Functions.Tests.Telemetry;

/// <summary>
/// The telemetry tests, on a stack of their own and one after the other: their listeners are process-wide (an
/// HttpClient listener makes every request in the process a span), so they must not overlap each other.
/// </summary>
[CollectionDefinition(Name)]
public sealed class TelemetryCollectionDefinition : ICollectionFixture<StackFixture>
{
    public const string Name = "Telemetry";
}

namespace Notifier.Functions.Telemetry;

/// <summary>Values of <c>notifier.source</c>: where a publish came from, or the clean-up that ended a notification.</summary>
internal static class PublishSources
{
    public const string Http = "http";
    public const string StorageQueue = "storage_queue";
    public const string ServiceBus = "service_bus";

    /// <summary>The clean-up timer, which counts <c>expired</c> for each notification whose record it deleted.</summary>
    public const string Cleanup = "cleanup";
}

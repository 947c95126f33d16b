namespace Notifier.Functions.Telemetry;

/// <summary>Values of <c>notifier.source</c>: where a publish came from.</summary>
internal static class PublishSources
{
    public const string Http = "http";
    public const string StorageQueue = "storage_queue";
    public const string ServiceBus = "service_bus";
}

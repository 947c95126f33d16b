namespace Notifier.Functions.Telemetry;

/// <summary>Values of <c>notifier.push.transport</c>: the service a push went through (<c>Notifier:Transport</c>).</summary>
internal static class PushTransports
{
    public const string WebPubSub = "webpubsub";
    public const string SignalR = "signalr";
}

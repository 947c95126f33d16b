namespace Notifier.Functions.Tests.Infrastructure;

/// <summary>The values of <c>Notifier:Transport</c>, for theories that run once per transport.</summary>
public static class Transports
{
    public const string WebPubSub = "WebPubSub";
    public const string SignalR = "SignalR";

    public static TheoryData<string> Both => new(WebPubSub, SignalR);
}

namespace Notifier.Azure.SignalR.Protocol;

/// <summary>The categories of upstream events (<c>X-ASRS-Category</c>).</summary>
public static class UpstreamCategories
{
    /// <summary>Connection events: <see cref="UpstreamEvents.Connected"/> and <see cref="UpstreamEvents.Disconnected"/>.</summary>
    public const string Connections = "connections";

    /// <summary>Client invocations; the event is the invocation's target.</summary>
    public const string Messages = "messages";
}

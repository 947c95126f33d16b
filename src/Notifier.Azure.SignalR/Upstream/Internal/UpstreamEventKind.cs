namespace Notifier.Azure.SignalR.Upstream.Internal;

/// <summary>The three kinds of upstream request.</summary>
internal enum UpstreamEventKind
{
    Connected,
    Disconnected,
    Invocation,
}

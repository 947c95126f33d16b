using Microsoft.AspNetCore.SignalR;

namespace Notifier.Bench.SignalRPeer;

/// <summary>An empty hub: clients only listen; broadcasts come from <c>POST /broadcast</c>.</summary>
internal sealed class BroadcastHub : Hub
{
}

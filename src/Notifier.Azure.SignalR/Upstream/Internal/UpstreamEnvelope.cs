namespace Notifier.Azure.SignalR.Upstream.Internal;

/// <summary>A request whose headers and signature were verified: the connection and what happened to it.</summary>
internal sealed record UpstreamEnvelope(UpstreamEventKind Kind, string Event, SignalRConnectionContext Connection);

namespace Notifier.DevHost.Tests.QueueTriggers;

/// <summary>One request the pump made to the handler.</summary>
internal sealed record ReceivedInvocation(HttpMethod Method, string Path, string? InvocationId, string Body);

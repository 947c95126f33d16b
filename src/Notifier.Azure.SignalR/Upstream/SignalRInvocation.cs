using System.Text.Json;

namespace Notifier.Azure.SignalR.Upstream;

/// <summary>A client's <c>invoke</c> or <c>send</c> of a hub method, forwarded by the service.</summary>
public sealed class SignalRInvocation
{
    internal SignalRInvocation(SignalRConnectionContext connection, string target, string? invocationId, JsonElement arguments)
    {
        Connection = connection;
        Target = target;
        InvocationId = invocationId;
        Arguments = arguments;
    }

    /// <summary>The calling connection.</summary>
    public SignalRConnectionContext Connection { get; }

    /// <summary>The method the client called (the <c>X-ASRS-Event</c>, checked against the body).</summary>
    public string Target { get; }

    /// <summary>The invocation id of an <c>invoke</c>, whose caller awaits the result; null for a <c>send</c>.</summary>
    public string? InvocationId { get; }

    /// <summary>True when the client awaits a result (it called <c>invoke</c>).</summary>
    public bool ExpectsResult => InvocationId is not null;

    /// <summary>The arguments, a JSON array. Valid only while the handler runs; clone what you keep.</summary>
    public JsonElement Arguments { get; }
}

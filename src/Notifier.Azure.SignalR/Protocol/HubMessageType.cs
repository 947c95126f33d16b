namespace Notifier.Azure.SignalR.Protocol;

/// <summary>The <c>type</c> of a hub protocol message, and the two extra values upstream uses for connection events.</summary>
public enum HubMessageType
{
    /// <summary>Not a known message.</summary>
    None = 0,

    /// <summary>A call of a method by name, with arguments; with an invocation id, the caller awaits a completion.</summary>
    Invocation = 1,

    /// <summary>One item of a stream.</summary>
    StreamItem = 2,

    /// <summary>The result or error of an invocation.</summary>
    Completion = 3,

    /// <summary>A call that answers with a stream; not forwarded in serverless mode.</summary>
    StreamInvocation = 4,

    /// <summary>Cancels a stream invocation.</summary>
    CancelInvocation = 5,

    /// <summary>Keep-alive, either direction.</summary>
    Ping = 6,

    /// <summary>Sent before closing; may carry an error and whether the client may reconnect.</summary>
    Close = 7,

    /// <summary>Stateful reconnect: acknowledges messages up to a sequence id.</summary>
    Ack = 8,

    /// <summary>Stateful reconnect: the first message after a reconnect.</summary>
    Sequence = 9,

    /// <summary>The upstream body of the <c>connected</c> event.</summary>
    OpenConnection = 10,

    /// <summary>The upstream body of the <c>disconnected</c> event.</summary>
    CloseConnection = 11,
}

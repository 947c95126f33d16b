namespace Notifier.Emulator.Upstream;

/// <summary>How a handler call ended.</summary>
internal enum HandlerResponseKind
{
    /// <summary>The handler answered (any status; 408/5xx only after the retries ran out).</summary>
    Responded,

    /// <summary>The handler failed abuse-protection validation and was not called.</summary>
    NotAllowed,

    /// <summary>Unreachable, timed out, an invalid URL, or a response too large to read.</summary>
    Failed,

    /// <summary>The caller (the client's request) went away.</summary>
    Canceled,
}

using Notifier.Emulator.Protocols;

namespace Notifier.Emulator.Upstream;

/// <summary>The outcome of a user event: success with an optional reply to the sending connection, or failure.</summary>
internal sealed class UserEventResult
{
    /// <summary>Succeeded with nothing to send back.</summary>
    public static readonly UserEventResult Empty = new() { Succeeded = true };

    /// <summary>No handler is configured for the event, or it failed (non-2xx, unreachable, timed out).</summary>
    public static UserEventResult Failed(string reason) => new() { Succeeded = false, Error = reason };

    public required bool Succeeded { get; init; }

    /// <summary>Why it failed, for logs and ack messages.</summary>
    public string? Error { get; init; }

    /// <summary>The handler's response body to deliver to the connection, if any.</summary>
    public OutboundMessage? Reply { get; init; }

    /// <summary>True when the handler's response carried <c>ce-connectionState</c>.</summary>
    public bool StateSet { get; init; }

    public string? State { get; init; }
}

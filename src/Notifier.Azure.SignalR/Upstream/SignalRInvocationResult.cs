namespace Notifier.Azure.SignalR.Upstream;

/// <summary>
/// What a client's <c>invoke</c> resolves with: nothing, a JSON result, or an error the client sees as the rejection
/// message. A <c>send</c> awaits nothing, so its result is dropped.
/// </summary>
public sealed class SignalRInvocationResult
{
    private SignalRInvocationResult(BinaryData? result, string? error)
    {
        Result = result;
        Error = error;
    }

    /// <summary>Completes the invocation without a value.</summary>
    public static SignalRInvocationResult Void { get; } = new(null, null);

    /// <summary>The result as JSON, or null.</summary>
    public BinaryData? Result { get; }

    /// <summary>The error message, or null.</summary>
    public string? Error { get; }

    /// <summary>Completes the invocation with <paramref name="json"/>, one JSON value.</summary>
    public static SignalRInvocationResult FromJson(BinaryData json)
    {
        ArgumentNullException.ThrowIfNull(json);
        return new(json, null);
    }

    /// <summary>Fails the invocation; <paramref name="message"/> reaches the client, so keep internals out of it.</summary>
    public static SignalRInvocationResult FromError(string message)
    {
        ArgumentException.ThrowIfNullOrEmpty(message);
        return new(null, message);
    }
}

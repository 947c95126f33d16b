using System.Net.Http.Headers;

namespace Notifier.Emulator.Upstream;

/// <summary>What came of calling a handler: its response, or why there is none.</summary>
internal sealed class HandlerResponse
{
    private HandlerResponse(HandlerResponseKind kind, string? error)
    {
        Kind = kind;
        Error = error;
    }

    public HandlerResponseKind Kind { get; }

    /// <summary>Why the call failed or the handler was refused; for <see cref="HandlerResponseKind.Responded"/>, a non-2xx's body excerpt.</summary>
    public string? Error { get; }

    public int StatusCode { get; private init; }

    public bool IsSuccessStatusCode => StatusCode is >= 200 and < 300;

    /// <summary>The body of a 2xx response (empty otherwise).</summary>
    public byte[] Body { get; private init; } = [];

    public MediaTypeHeaderValue? ContentType { get; private init; }

    /// <summary>True when the 2xx response carried <c>ce-connectionState</c>.</summary>
    public bool StateSet { get; private init; }

    public string? State { get; private init; }

    public static HandlerResponse Responded(int statusCode, byte[] body, MediaTypeHeaderValue? contentType, bool stateSet, string? state, string? error) =>
        new(HandlerResponseKind.Responded, error)
        {
            StatusCode = statusCode,
            Body = body,
            ContentType = contentType,
            StateSet = stateSet,
            State = state,
        };

    public static HandlerResponse NotAllowed(string reason) => new(HandlerResponseKind.NotAllowed, reason);

    public static HandlerResponse Failed(string reason) => new(HandlerResponseKind.Failed, reason);

    public static HandlerResponse Canceled() => new(HandlerResponseKind.Canceled, "The caller gave up on the event.");
}

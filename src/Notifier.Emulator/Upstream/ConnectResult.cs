namespace Notifier.Emulator.Upstream;

/// <summary>
/// The handler's answer to <c>connect</c>: accepted (with overrides) or rejected with a status code that becomes the
/// client's handshake response.
/// </summary>
internal sealed class ConnectResult
{
    /// <summary>Accepted with the token's defaults (no handler, or a 204/empty 200).</summary>
    public static readonly ConnectResult AcceptDefaults = new() { StatusCode = 200 };

    /// <summary>2xx accepts; anything else rejects the connection with that status.</summary>
    public required int StatusCode { get; init; }

    public bool Accepted => StatusCode is >= 200 and < 300;

    /// <summary>Replaces the token's user id when not null.</summary>
    public string? UserId { get; init; }

    /// <summary>Groups to join; replaces the token's groups when not null and not empty.</summary>
    public IReadOnlyList<string>? Groups { get; init; }

    /// <summary>Replaces the token's roles when not null (an empty list removes them).</summary>
    public IReadOnlyList<string>? Roles { get; init; }

    /// <summary>The subprotocol the handler chose; it must be one the client offered.</summary>
    public string? Subprotocol { get; init; }

    /// <summary>True when the handler's response carried <c>ce-connectionState</c>.</summary>
    public bool StateSet { get; init; }

    /// <summary>The connection state to keep, when <see cref="StateSet"/>.</summary>
    public string? State { get; init; }
}

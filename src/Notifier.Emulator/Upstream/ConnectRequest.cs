namespace Notifier.Emulator.Upstream;

/// <summary>What the <c>connect</c> event tells the handler. Every dictionary value is a list of strings, as on the wire.</summary>
internal sealed class ConnectRequest
{
    public required string Hub { get; init; }

    public required string ConnectionId { get; init; }

    /// <summary>The token's <c>sub</c>, if any.</summary>
    public string? UserId { get; init; }

    public required IReadOnlyDictionary<string, string[]> Claims { get; init; }

    /// <summary>The query string without <c>access_token</c>.</summary>
    public required IReadOnlyDictionary<string, string[]> Query { get; init; }

    /// <summary>The request headers without <c>Authorization</c>.</summary>
    public required IReadOnlyDictionary<string, string[]> Headers { get; init; }

    public required IReadOnlyList<string> Subprotocols { get; init; }
}

namespace Notifier.Emulator.Authentication;

/// <summary>What a validated client access token says.</summary>
internal sealed class ClientTokenClaims
{
    /// <summary>The <c>sub</c> claim: the connection's user id, or null for an anonymous connection.</summary>
    public string? UserId { get; init; }

    public required IReadOnlyList<string> Roles { get; init; }

    /// <summary>The <c>webpubsub.group</c> claim: groups joined on connect.</summary>
    public required IReadOnlyList<string> Groups { get; init; }

    /// <summary>Every claim with its values as strings, forwarded to the <c>connect</c> event.</summary>
    public required IReadOnlyDictionary<string, string[]> All { get; init; }
}

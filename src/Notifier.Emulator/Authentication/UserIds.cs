namespace Notifier.Emulator.Authentication;

/// <summary>
/// What a user id may hold. It is sent to event handlers as the <c>ce-userId</c> header, so a CR or LF in it would
/// let whoever chose it (the token's issuer, or a <c>connect</c> answer) add headers of their own to every upstream
/// call of the connection; other control characters are refused with them because no header value may hold them.
/// Non-ASCII text stays allowed: it is sent as UTF-8.
/// </summary>
internal static class UserIds
{
    public static bool HasControlCharacters(string? userId) =>
        userId is not null && (userId.AsSpan().IndexOfAnyInRange('\u0000', '\u001f') >= 0 || userId.Contains('\u007f', StringComparison.Ordinal));
}

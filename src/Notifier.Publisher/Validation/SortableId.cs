using System.Security.Cryptography;

namespace Notifier.Publisher.Validation;

/// <summary>
/// ULID-shaped ids: 10 Crockford base32 characters of Unix milliseconds, then 16 of randomness (80 bits). They sort by
/// creation time, as the service's own generated ids do, and fit the service's id rule.
/// </summary>
internal static class SortableId
{
    private const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    private static readonly System.Buffers.SearchValues<char> IdCharacters =
        System.Buffers.SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._:@-");

    // A sortable id, '@' and the user must fit the id rule's 128 characters.
    private const int MaxBoundUserLength = 128 - 26 - 1;

    /// <summary>A new id; bound to <paramref name="boundUser"/> (<c>{id}@{user}</c>) when one is given and fits.</summary>
    public static string New(TimeProvider time, string? boundUser = null)
    {
        var id = Unbound(time);

        // A user the id rule refuses is reported as a bad user, not as a bad generated id.
        return boundUser is { Length: > 0 and <= MaxBoundUserLength } && !boundUser.AsSpan().ContainsAnyExcept(IdCharacters)
            ? string.Concat(id, "@", boundUser)
            : id;
    }

    private static string Unbound(TimeProvider time)
    {
        var milliseconds = (ulong)time.GetUtcNow().ToUnixTimeMilliseconds();
        Span<byte> random = stackalloc byte[10];
        RandomNumberGenerator.Fill(random);
        Span<char> id = stackalloc char[26];
        for (var i = 9; i >= 0; i--)
        {
            id[i] = Alphabet[(int)(milliseconds & 31)];
            milliseconds >>= 5;
        }

        var bits = 0UL;
        var count = 0;
        var position = 10;
        foreach (var b in random)
        {
            bits = (bits << 8) | b;
            count += 8;
            while (count >= 5)
            {
                count -= 5;
                id[position++] = Alphabet[(int)((bits >> count) & 31)];
            }
        }

        return new string(id);
    }
}

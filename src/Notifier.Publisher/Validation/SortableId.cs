using System.Security.Cryptography;

namespace Notifier.Publisher.Validation;

/// <summary>
/// ULID-shaped ids: 10 Crockford base32 characters of Unix milliseconds, then 16 of randomness (80 bits). They sort by
/// creation time, as the service's own generated ids do, and fit the service's id rule.
/// </summary>
internal static class SortableId
{
    private const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    /// <summary>A new id; bound to <paramref name="boundUser"/> (<c>{id}@{user}</c>) when one is given and the result is a valid id.</summary>
    public static string New(TimeProvider time, string? boundUser = null)
    {
        var id = Unbound(time);
        if (string.IsNullOrEmpty(boundUser))
        {
            return id;
        }

        // Too long, or a user the id rule refuses (reported as a bad user, not as a bad generated id): a plain id.
        var bound = string.Concat(id, "@", boundUser);
        return IdentifierRule.IsValid(bound) ? bound : id;
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

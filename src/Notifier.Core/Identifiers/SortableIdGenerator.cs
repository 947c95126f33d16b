using System.Security.Cryptography;

namespace Notifier.Core.Identifiers;

/// <summary>
/// Makes ULID-shaped ids: 10 characters of millisecond time then 16 random characters, in Crockford base32, so
/// ids sort by creation time and never collide in practice.
/// </summary>
public sealed class SortableIdGenerator
{
    private const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    private readonly TimeProvider _timeProvider;

    /// <summary>Creates a generator reading time from <paramref name="timeProvider"/>.</summary>
    /// <param name="timeProvider">The clock.</param>
    public SortableIdGenerator(TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        _timeProvider = timeProvider;
    }

    /// <summary>Returns a new 26-character id.</summary>
    /// <returns>The id.</returns>
    public string Next()
    {
        var time = (ulong)_timeProvider.GetUtcNow().ToUnixTimeMilliseconds();
        Span<byte> random = stackalloc byte[10];
        RandomNumberGenerator.Fill(random);
        return string.Create(26, (time, random.ToArray()), static (span, state) =>
        {
            var (t, r) = state;
            for (var i = 9; i >= 0; i--)
            {
                span[i] = Alphabet[(int)(t & 31)];
                t >>= 5;
            }

            // 80 random bits as 16 characters of 5 bits.
            var bits = 0UL;
            var count = 0;
            var position = 10;
            foreach (var b in r)
            {
                bits = (bits << 8) | b;
                count += 8;
                while (count >= 5)
                {
                    count -= 5;
                    span[position++] = Alphabet[(int)((bits >> count) & 31)];
                }
            }
        });
    }
}

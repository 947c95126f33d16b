using System.Diagnostics.CodeAnalysis;

namespace Notifier.Emulator.Permissions;

/// <summary>
/// A group-name pattern of the wildcard roles (<c>webpubsub.sendToGroups.{pattern}</c>): <c>.</c> separates hierarchy
/// levels, <c>?</c> is one non-<c>.</c> character, <c>*</c> zero or more non-<c>.</c> characters, <c>**</c> anything,
/// and <c>\</c> escapes <c>\</c>, <c>*</c> and <c>?</c>. Matching is case-sensitive, as group names are.
/// </summary>
/// <remarks>
/// Matching simulates the pattern as an NFA over all positions at once instead of backtracking, so a pattern with
/// several stars cannot take exponential time on a long group name, and it allocates nothing.
/// </remarks>
internal sealed class WildcardPattern
{
    /// <summary>The service's limit on <c>*</c> characters in one pattern.</summary>
    public const int MaxStars = 5;

    /// <summary>The service's limit on the length of a pattern.</summary>
    public const int MaxLength = 1024;

    private readonly WildcardPatternTokenKind[] _kinds;
    private readonly char[] _literals;

    private WildcardPattern(string text, WildcardPatternTokenKind[] kinds, char[] literals)
    {
        Text = text;
        _kinds = kinds;
        _literals = literals;
    }

    /// <summary>The pattern as written in the role.</summary>
    public string Text { get; }

    /// <summary>True when the pattern has no wildcard: it names exactly one group, <see cref="LiteralValue"/>.</summary>
    public bool IsLiteral => LiteralValue is not null;

    /// <summary>The one group a wildcard-free pattern names (escapes removed); null for a real pattern.</summary>
    public string? LiteralValue { get; private init; }

    /// <summary>True for <c>**</c> alone, which matches every group.</summary>
    public bool MatchesEverything => _kinds is [WildcardPatternTokenKind.DoubleStar];

    public static bool TryParse(string pattern, [NotNullWhen(true)] out WildcardPattern? result, [NotNullWhen(false)] out string? error)
    {
        result = null;
        if (string.IsNullOrEmpty(pattern))
        {
            error = "A wildcard pattern must not be empty.";
            return false;
        }

        if (pattern.Length > MaxLength)
        {
            error = $"A wildcard pattern may have at most {MaxLength} characters.";
            return false;
        }

        var kinds = new List<WildcardPatternTokenKind>(pattern.Length);
        var literals = new List<char>(pattern.Length);
        var stars = 0;
        var wildcards = false;
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            switch (c)
            {
                case '\\':
                    if (i + 1 >= pattern.Length || pattern[i + 1] is not ('\\' or '*' or '?'))
                    {
                        error = $"The pattern '{pattern}' has an invalid escape at position {i}: '\\' may only precede '\\', '*' or '?'.";
                        return false;
                    }

                    kinds.Add(WildcardPatternTokenKind.Literal);
                    literals.Add(pattern[++i]);
                    break;
                case '?':
                    kinds.Add(WildcardPatternTokenKind.AnyOne);
                    literals.Add('\0');
                    wildcards = true;
                    break;
                case '*':
                    var run = 1;
                    while (i + run < pattern.Length && pattern[i + run] == '*')
                    {
                        run++;
                    }

                    stars += run;
                    i += run - 1;
                    kinds.Add(run == 1 ? WildcardPatternTokenKind.Star : WildcardPatternTokenKind.DoubleStar);
                    literals.Add('\0');
                    wildcards = true;
                    break;
                default:
                    kinds.Add(WildcardPatternTokenKind.Literal);
                    literals.Add(c);
                    break;
            }
        }

        if (stars > MaxStars)
        {
            error = $"The pattern '{pattern}' has {stars} '*' characters; at most {MaxStars} are allowed.";
            return false;
        }

        result = new WildcardPattern(pattern, [.. kinds], [.. literals])
        {
            LiteralValue = wildcards ? null : new string([.. literals]),
        };
        error = null;
        return true;
    }

    public bool Matches(string group)
    {
        if (LiteralValue is not null)
        {
            return string.Equals(LiteralValue, group, StringComparison.Ordinal);
        }

        var states = _kinds.Length + 1;

        // Patterns are at most 1,024 characters, so both state sets fit on the stack.
        Span<bool> current = stackalloc bool[states];
        Span<bool> next = stackalloc bool[states];
        current[0] = true;
        Close(current);
        foreach (var c in group)
        {
            next.Clear();
            var any = false;
            for (var i = 0; i < _kinds.Length; i++)
            {
                if (!current[i])
                {
                    continue;
                }

                switch (_kinds[i])
                {
                    case WildcardPatternTokenKind.Literal when _literals[i] == c:
                    case WildcardPatternTokenKind.AnyOne when c != '.':
                        next[i + 1] = true;
                        any = true;
                        break;
                    case WildcardPatternTokenKind.Star when c != '.':
                    case WildcardPatternTokenKind.DoubleStar:
                        next[i] = true;
                        any = true;
                        break;
                }
            }

            if (!any)
            {
                return false;
            }

            Close(next);
            var swap = current;
            current = next;
            next = swap;
        }

        return current[_kinds.Length];
    }

    public override string ToString() => Text;

    /// <summary>Stars match the empty string, so a state before a star also stands after it.</summary>
    private void Close(Span<bool> states)
    {
        for (var i = 0; i < _kinds.Length; i++)
        {
            if (states[i] && _kinds[i] is WildcardPatternTokenKind.Star or WildcardPatternTokenKind.DoubleStar)
            {
                states[i + 1] = true;
            }
        }
    }
}

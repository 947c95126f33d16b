namespace Notifier.Emulator.Permissions;

/// <summary>
/// An immutable snapshot of one permission's rules (join/leave or send): a default for every group, wildcard patterns
/// that allow, and per-group literal rules that override both. Changes build a new snapshot, so checks, which run on
/// every client publish, read one reference and take no lock.
/// </summary>
internal sealed class GroupRules
{
    public static readonly GroupRules DenyAll = new(false, [], new Dictionary<string, bool>(StringComparer.Ordinal));
    public static readonly GroupRules AllowAll = new(true, [], new Dictionary<string, bool>(StringComparer.Ordinal));

    // Treated as immutable once the snapshot is published.
    private readonly Dictionary<string, bool> _literals;

    public GroupRules(bool allowAll, WildcardPattern[] patterns, Dictionary<string, bool> literals)
    {
        AllowsAll = allowAll;
        Patterns = patterns;
        _literals = literals;
    }

    /// <summary>The default for a group no literal rule names: allowed for every group (a plain role or a REST grant).</summary>
    public bool AllowsAll { get; }

    public WildcardPattern[] Patterns { get; }

    public int LiteralCount => _literals.Count;

    /// <summary>
    /// Whether <paramref name="group"/> is allowed; with no group, whether every group is (the all-groups grant, not
    /// weakened by a literal revoke).
    /// </summary>
    public bool Allows(string? group)
    {
        if (group is null)
        {
            return AllowsAll && !_literals.ContainsValue(false);
        }

        return _literals.TryGetValue(group, out var allowed) ? allowed : AllowsWithoutLiterals(group);
    }

    /// <summary>
    /// A snapshot where <paramref name="group"/> is allowed or denied. A literal rule is kept only where it differs from
    /// what the default and the patterns say, so a revoke overrides a matching pattern until a grant removes it again.
    /// Null when that would exceed <paramref name="maxLiterals"/>.
    /// </summary>
    public GroupRules? WithLiteral(string group, bool allowed, int maxLiterals)
    {
        var redundant = AllowsWithoutLiterals(group) == allowed;
        if (_literals.TryGetValue(group, out var existing) ? existing == allowed && !redundant : redundant)
        {
            return this;
        }

        var literals = new Dictionary<string, bool>(_literals, StringComparer.Ordinal);
        if (redundant)
        {
            literals.Remove(group);
        }
        else
        {
            literals[group] = allowed;
        }

        return literals.Count > maxLiterals ? null : new GroupRules(AllowsAll, Patterns, literals);
    }

    private bool AllowsWithoutLiterals(string group)
    {
        if (AllowsAll)
        {
            return true;
        }

        foreach (var pattern in Patterns)
        {
            if (pattern.Matches(group))
            {
                return true;
            }
        }

        return false;
    }
}

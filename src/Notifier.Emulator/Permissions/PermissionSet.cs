using System.Diagnostics.CodeAnalysis;
using Notifier.Azure.WebPubSub.Protocol;
using Notifier.Azure.WebPubSub.Rest;

namespace Notifier.Emulator.Permissions;

/// <summary>
/// What a connection may do with groups: from its roles (token or <c>connect</c> response) and from REST grants and
/// revokes at runtime. Roles are <c>webpubsub.joinLeaveGroup</c> / <c>webpubsub.sendToGroup</c> (every group), the same
/// with <c>.{group}</c> (one group), and <c>webpubsub.joinLeaveGroups.{pattern}</c> / <c>webpubsub.sendToGroups.{pattern}</c>
/// (wildcard patterns, see <see cref="WildcardPattern"/>). Thread-safe: checks read an immutable snapshot without a
/// lock; changes are serialised.
/// </summary>
internal sealed class PermissionSet
{
    /// <summary>The service's limit on wildcard patterns per permission.</summary>
    public const int MaxPatterns = 10;

    /// <summary>The service's limit on per-group rules (literal roles, grants and revokes) per permission.</summary>
    public const int MaxLiteralRules = 1000;

    private readonly Lock _lock = new();
    private GroupRules _joinLeave;
    private GroupRules _send;

    /// <summary>
    /// Builds the permissions of <paramref name="roles"/>. Invalid or surplus roles are ignored rather than failing the
    /// connection; the handshake can refuse them first with <see cref="TryValidate"/>.
    /// </summary>
    public PermissionSet(IEnumerable<string> roles)
    {
        ArgumentNullException.ThrowIfNull(roles);
        var joinLeave = new RulesBuilder();
        var send = new RulesBuilder();
        foreach (var role in roles)
        {
            if (Classify(role, out var permission, out var argument) is not { } kind)
            {
                continue;
            }

            var builder = permission == GroupPermission.SendToGroup ? send : joinLeave;
            switch (kind)
            {
                case RoleKind.AllGroups:
                    builder.AllowAll = true;
                    break;
                case RoleKind.Group when WebPubSubNames.IsValidGroup(argument) && builder.Literals.Count < MaxLiteralRules:
                    builder.Literals[argument!] = true;
                    break;
                case RoleKind.Pattern when WildcardPattern.TryParse(argument!, out var pattern, out _):
                    builder.Add(pattern);
                    break;
            }
        }

        _joinLeave = joinLeave.Build();
        _send = send.Build();
    }

    public bool CanJoinLeave(string group) => Check(GroupPermission.JoinLeaveGroup, group);

    public bool CanSendTo(string group) => Check(GroupPermission.SendToGroup, group);

    /// <summary>Whether the permission holds for <paramref name="group"/>, or, when it is null, for every group.</summary>
    public bool Check(GroupPermission permission, string? group) => Volatile.Read(ref Rules(permission)).Allows(group);

    /// <summary>
    /// Grants the permission for <paramref name="group"/>, or for every group when it is null (which also drops earlier
    /// per-group revokes). False when the connection already holds <see cref="MaxLiteralRules"/> per-group rules.
    /// </summary>
    public bool Grant(GroupPermission permission, string? group) => Update(permission, group, allowed: true);

    /// <summary>
    /// Revokes the permission for <paramref name="group"/> (overriding a matching wildcard role until it is granted
    /// again), or every permission of this kind when it is null. False when the rule limit is reached.
    /// </summary>
    public bool Revoke(GroupPermission permission, string? group) => Update(permission, group, allowed: false);

    /// <summary>Checks roles as the service does at the handshake: well-formed patterns and group names, within limits.</summary>
    public static bool TryValidate(IEnumerable<string> roles, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(roles);
        Span<int> patterns = stackalloc int[2];
        Span<int> literals = stackalloc int[2];
        foreach (var role in roles)
        {
            if (role is WebPubSubRoles.JoinLeaveGroups or WebPubSubRoles.SendToGroups)
            {
                error = $"The role '{role}' needs a group pattern: '{role}.{{pattern}}'.";
                return false;
            }

            var kind = Classify(role, out var permission, out var argument);
            var index = (int)permission;
            if (kind == RoleKind.Group)
            {
                if (!WebPubSubNames.IsValidGroup(argument))
                {
                    error = $"The role '{role}' names an invalid group: a group name has 1 to 1,024 characters and is not only whitespace.";
                    return false;
                }

                if (++literals[index] > MaxLiteralRules)
                {
                    error = $"At most {MaxLiteralRules} group roles of one kind are allowed.";
                    return false;
                }
            }
            else if (kind == RoleKind.Pattern)
            {
                if (!WildcardPattern.TryParse(argument!, out _, out var patternError))
                {
                    error = $"The role '{role}' is invalid: {patternError}";
                    return false;
                }

                if (++patterns[index] > MaxPatterns)
                {
                    error = $"At most {MaxPatterns} wildcard group roles of one kind are allowed.";
                    return false;
                }
            }
        }

        error = null;
        return true;
    }

    private bool Update(GroupPermission permission, string? group, bool allowed)
    {
        lock (_lock)
        {
            ref var rules = ref Rules(permission);
            if (group is null)
            {
                // As the service: the all-groups grant or revoke replaces every narrower rule of that permission.
                Volatile.Write(ref rules, allowed ? GroupRules.AllowAll : GroupRules.DenyAll);
                return true;
            }

            if (rules.WithLiteral(group, allowed, MaxLiteralRules) is not { } updated)
            {
                return false;
            }

            Volatile.Write(ref rules, updated);
            return true;
        }
    }

    private ref GroupRules Rules(GroupPermission permission)
    {
        if (permission == GroupPermission.SendToGroup)
        {
            return ref _send;
        }

        return ref _joinLeave;
    }

    /// <summary>Reads a role; null for roles that grant no group permission (custom roles are allowed and ignored).</summary>
    private static RoleKind? Classify(string role, out GroupPermission permission, out string? argument)
    {
        argument = null;
        permission = GroupPermission.JoinLeaveGroup;
        if (role is null)
        {
            return null;
        }

        if (role == WebPubSubRoles.JoinLeaveGroup || role == WebPubSubRoles.SendToGroup)
        {
            permission = role == WebPubSubRoles.SendToGroup ? GroupPermission.SendToGroup : GroupPermission.JoinLeaveGroup;
            return RoleKind.AllGroups;
        }

        foreach (var (prefix, rolePermission, kind) in Prefixes)
        {
            if (role.Length > prefix.Length && role.StartsWith(prefix, StringComparison.Ordinal))
            {
                permission = rolePermission;
                argument = role[prefix.Length..];
                return kind;
            }
        }

        return null;
    }

    private static readonly (string Prefix, GroupPermission Permission, RoleKind Kind)[] Prefixes =
    [
        (WebPubSubRoles.JoinLeaveGroup + ".", GroupPermission.JoinLeaveGroup, RoleKind.Group),
        (WebPubSubRoles.SendToGroup + ".", GroupPermission.SendToGroup, RoleKind.Group),
        (WebPubSubRoles.JoinLeaveGroups + ".", GroupPermission.JoinLeaveGroup, RoleKind.Pattern),
        (WebPubSubRoles.SendToGroups + ".", GroupPermission.SendToGroup, RoleKind.Pattern),
    ];

    private enum RoleKind
    {
        AllGroups,
        Group,
        Pattern,
    }

    private sealed class RulesBuilder
    {
        private readonly List<WildcardPattern> _patterns = [];

        public bool AllowAll { get; set; }

        public Dictionary<string, bool> Literals { get; } = new(StringComparer.Ordinal);

        public void Add(WildcardPattern pattern)
        {
            if (pattern.LiteralValue is { } literal)
            {
                if (Literals.Count < MaxLiteralRules)
                {
                    Literals[literal] = true;
                }
            }
            else if (pattern.MatchesEverything)
            {
                AllowAll = true;
            }
            else if (_patterns.Count < MaxPatterns)
            {
                _patterns.Add(pattern);
            }
        }

        public GroupRules Build()
        {
            if (AllowAll)
            {
                return GroupRules.AllowAll;
            }

            // Most connections have no group roles: they share one snapshot instead of holding their own.
            if (_patterns.Count == 0 && Literals.Count == 0)
            {
                return GroupRules.DenyAll;
            }

            // Roles only allow, so a literal rule is redundant when a pattern also matches; dropping it keeps later REST
            // grants and revokes consistent with GroupRules.WithLiteral.
            var patterns = _patterns.ToArray();
            var probe = new GroupRules(false, patterns, new Dictionary<string, bool>(StringComparer.Ordinal));
            var literals = new Dictionary<string, bool>(StringComparer.Ordinal);
            foreach (var group in Literals.Keys)
            {
                if (!probe.Allows(group))
                {
                    literals[group] = true;
                }
            }

            return new GroupRules(false, patterns, literals);
        }
    }
}

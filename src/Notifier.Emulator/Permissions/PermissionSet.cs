using Notifier.Azure.WebPubSub;

namespace Notifier.Emulator.Permissions;

/// <summary>
/// What a connection may do with groups: from its roles (token or <c>connect</c> response) and from REST grants and
/// revokes at runtime. Thread-safe.
/// </summary>
internal sealed class PermissionSet
{
    private const string JoinLeaveAll = "webpubsub.joinLeaveGroup";
    private const string SendAll = "webpubsub.sendToGroup";

    private readonly Lock _lock = new();
    private readonly HashSet<string> _joinLeave = new(StringComparer.Ordinal);
    private readonly HashSet<string> _send = new(StringComparer.Ordinal);
    private bool _joinLeaveAll;
    private bool _sendAll;

    public PermissionSet(IEnumerable<string> roles)
    {
        foreach (var role in roles)
        {
            if (role == JoinLeaveAll)
            {
                _joinLeaveAll = true;
            }
            else if (role == SendAll)
            {
                _sendAll = true;
            }
            else if (role.StartsWith(JoinLeaveAll + ".", StringComparison.Ordinal))
            {
                _joinLeave.Add(role[(JoinLeaveAll.Length + 1)..]);
            }
            else if (role.StartsWith(SendAll + ".", StringComparison.Ordinal))
            {
                _send.Add(role[(SendAll.Length + 1)..]);
            }
        }
    }

    public bool CanJoinLeave(string group) => Check(GroupPermission.JoinLeaveGroup, group);

    public bool CanSendTo(string group) => Check(GroupPermission.SendToGroup, group);

    public bool Check(GroupPermission permission, string? group)
    {
        lock (_lock)
        {
            var (all, groups) = permission == GroupPermission.SendToGroup ? (_sendAll, _send) : (_joinLeaveAll, _joinLeave);
            return all || (group is not null && groups.Contains(group));
        }
    }

    public void Grant(GroupPermission permission, string? group)
    {
        lock (_lock)
        {
            if (group is null)
            {
                SetAll(permission, true);
            }
            else
            {
                Groups(permission).Add(group);
            }
        }
    }

    public void Revoke(GroupPermission permission, string? group)
    {
        lock (_lock)
        {
            if (group is null)
            {
                SetAll(permission, false);
                Groups(permission).Clear();
            }
            else
            {
                Groups(permission).Remove(group);
            }
        }
    }

    private HashSet<string> Groups(GroupPermission permission) =>
        permission == GroupPermission.SendToGroup ? _send : _joinLeave;

    private void SetAll(GroupPermission permission, bool value)
    {
        if (permission == GroupPermission.SendToGroup)
        {
            _sendAll = value;
        }
        else
        {
            _joinLeaveAll = value;
        }
    }
}

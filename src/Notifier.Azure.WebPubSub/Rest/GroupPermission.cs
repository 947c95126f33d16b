using System.Diagnostics.CodeAnalysis;

namespace Notifier.Azure.WebPubSub.Rest;

/// <summary>A group permission a connection can be granted at runtime.</summary>
[SuppressMessage("Naming", "CA1711:Identifiers should not have incorrect suffix", Justification = "The service calls these permissions.")]
public enum GroupPermission
{
    /// <summary><c>sendToGroup</c>: publish to a group (or any group when no target is named).</summary>
    SendToGroup,

    /// <summary><c>joinLeaveGroup</c>: join and leave a group (or any group when no target is named).</summary>
    JoinLeaveGroup,
}

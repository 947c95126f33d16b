namespace Notifier.Azure.WebPubSub.Rest;

/// <summary>A connection in a group, as listed by the service.</summary>
public sealed class GroupMember
{
    /// <summary>Creates a group member.</summary>
    public GroupMember(string connectionId, string? userId)
    {
        ConnectionId = connectionId;
        UserId = userId;
    }

    /// <summary>The connection id.</summary>
    public string ConnectionId { get; }

    /// <summary>The connection's user id, or null for an anonymous connection.</summary>
    public string? UserId { get; }
}

namespace Notifier.Azure.WebPubSub.Protocol;

/// <summary>
/// The permission roles of client tokens. Each is used as <c>{role}.{group}</c> (one group) or, for the plural forms,
/// <c>{role}.{pattern}</c>; the singular form alone grants every group.
/// </summary>
public static class WebPubSubRoles
{
    /// <summary>Joining and leaving groups.</summary>
    public const string JoinLeaveGroup = "webpubsub.joinLeaveGroup";

    /// <summary>Sending to groups.</summary>
    public const string SendToGroup = "webpubsub.sendToGroup";

    /// <summary>Joining and leaving the groups that match a pattern.</summary>
    public const string JoinLeaveGroups = "webpubsub.joinLeaveGroups";

    /// <summary>Sending to the groups that match a pattern.</summary>
    public const string SendToGroups = "webpubsub.sendToGroups";
}

namespace Notifier.Functions.SignalR;

/// <summary>
/// The hub methods of the SignalR transport. The server calls <c>notify</c> with one argument, the same envelope Web
/// PubSub clients receive, and <c>ready</c> once the connection is in its groups; clients invoke <c>ack</c> and
/// <c>read</c> with one argument, <c>{ "ids": [...] }</c>, as Web PubSub clients send those events.
/// </summary>
internal static class SignalRTargets
{
    public const string Notify = "notify";
    public const string Ready = "ready";
    public const string Ack = "ack";
    public const string Read = "read";

    /// <summary>
    /// The group every connection of a user joins, so that a read sync can leave out the connection it came from (the
    /// REST API excludes connections from group sends only). Topic groups are identifiers, which never hold '~'.
    /// </summary>
    public static string UserGroup(string userId) => "~user:" + userId;
}

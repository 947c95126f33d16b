namespace Notifier.Functions.Storage;

/// <summary>The tables Notifier keeps its state in.</summary>
internal static class TableNames
{
    /// <summary>One partition per notification: the record (the idempotency key) and per-recipient delivery rows.</summary>
    public const string Notifications = "Notifications";

    /// <summary>One partition per user: a head row with the sequence, entries by sequence and an index by notification id.</summary>
    public const string Inbox = "Inbox";

    /// <summary>One partition per shared stream (a group, or everyone), laid out like an inbox.</summary>
    public const string Streams = "Streams";

    /// <summary>One partition per user: a row per open connection, for the per-user connection limit.</summary>
    public const string UserConnections = "UserConnections";

    /// <summary>One partition per connection: the user it was admitted for, checked on every user event.</summary>
    public const string ConnectionOwners = "ConnectionOwners";

    /// <summary>One partition per muted type (<c>type:{t}</c>) or group (<c>group:{g}</c>): a row per user who muted it, so a push to many can leave them out.</summary>
    public const string Mutes = "Mutes";

    /// <summary>One partition per user: the topic groups of the last negotiate, for the SignalR transport's upstream.</summary>
    public const string UserTopics = "UserTopics";

    public static readonly string[] All = [Notifications, Inbox, Streams, UserConnections, ConnectionOwners, Mutes, UserTopics];
}

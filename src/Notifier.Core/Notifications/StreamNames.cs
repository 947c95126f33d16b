namespace Notifier.Core.Notifications;

/// <summary>Names of the shared streams that group and broadcast notifications are stored in once.</summary>
public static class StreamNames
{
    /// <summary>The stream of notifications for everyone.</summary>
    public const string All = "all";

    /// <summary>The prefix of a group's stream.</summary>
    public const string GroupPrefix = "group:";

    /// <summary>Returns the stream name of a group.</summary>
    /// <param name="group">A validated group name.</param>
    /// <returns>The stream name.</returns>
    public static string ForGroup(string group) => GroupPrefix + group;
}

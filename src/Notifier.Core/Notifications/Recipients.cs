namespace Notifier.Core.Notifications;

/// <summary>Who a notification is for: named users, topic groups, everyone, or a mix of users and groups.</summary>
public sealed class Recipients
{
    /// <summary>Creates a recipient set.</summary>
    /// <param name="users">User ids, distinct.</param>
    /// <param name="groups">Group names, distinct.</param>
    /// <param name="all">Whether every user receives it.</param>
    public Recipients(IReadOnlyList<string> users, IReadOnlyList<string> groups, bool all)
    {
        ArgumentNullException.ThrowIfNull(users);
        ArgumentNullException.ThrowIfNull(groups);
        Users = users;
        Groups = groups;
        All = all;
    }

    /// <summary>Gets the user ids.</summary>
    public IReadOnlyList<string> Users { get; }

    /// <summary>Gets the group names.</summary>
    public IReadOnlyList<string> Groups { get; }

    /// <summary>Gets whether every user receives the notification.</summary>
    public bool All { get; }

    /// <summary>Gets how many recipients are named (users, groups, and <c>all</c> as one): the appends it costs to store.</summary>
    public int Count => Users.Count + Groups.Count + (All ? 1 : 0);

    /// <summary>Gets whether the notification reaches exactly one user and nobody else.</summary>
    public bool IsSingleUser => !All && Groups.Count == 0 && Users.Count == 1;

    /// <summary>
    /// Gets the streams that hold the notification once for many readers: <c>all</c>, or one per group. A notification
    /// for everyone goes only to the <c>all</c> stream, since every user reads it.
    /// </summary>
    public IEnumerable<string> SharedStreams => All ? [StreamNames.All] : Groups.Select(StreamNames.ForGroup);

    /// <summary>Gets the users whose own inbox receives the notification directly.</summary>
    public IReadOnlyList<string> DirectUsers => All ? [] : Users;
}

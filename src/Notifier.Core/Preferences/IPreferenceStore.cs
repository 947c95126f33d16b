namespace Notifier.Core.Preferences;

/// <summary>Users' preferences, and who muted what, so that a push to many users can leave out those who muted it.</summary>
public interface IPreferenceStore
{
    /// <summary>Reads a user's preferences.</summary>
    /// <param name="userId">The user.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The preferences, <see cref="UserPreferences.None"/> for a user who never set any.</returns>
    Task<UserPreferences> GetAsync(string userId, CancellationToken cancellationToken);

    /// <summary>Replaces a user's preferences. The next notification to reach the user's inbox follows them.</summary>
    /// <param name="userId">The user.</param>
    /// <param name="preferences">The preferences.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task.</returns>
    Task SetAsync(string userId, UserPreferences preferences, CancellationToken cancellationToken);

    /// <summary>Finds users who muted a notification type or any of the groups, to leave them out of a live push.</summary>
    /// <param name="type">The notification type.</param>
    /// <param name="groups">The topic groups it goes to (none for a broadcast).</param>
    /// <param name="max">The most users worth returning; a push can leave out only so many.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The users, and whether that is all of them.</returns>
    Task<MutingUsers> FindMutingUsersAsync(string type, IReadOnlyCollection<string> groups, int max, CancellationToken cancellationToken);
}

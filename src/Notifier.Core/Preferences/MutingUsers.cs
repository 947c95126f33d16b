namespace Notifier.Core.Preferences;

/// <summary>Users who muted a notification.</summary>
/// <param name="Users">The users found, distinct.</param>
/// <param name="Complete">Whether these are all of them; when not, a push cannot leave every one of them out.</param>
public sealed record MutingUsers(IReadOnlyCollection<string> Users, bool Complete)
{
    /// <summary>Gets the answer when nobody muted it.</summary>
    public static MutingUsers Nobody { get; } = new([], true);
}

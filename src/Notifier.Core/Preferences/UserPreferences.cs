using Notifier.Core.Notifications;

namespace Notifier.Core.Preferences;

/// <summary>
/// What a user muted: notification types, and topic groups. A muted notification is kept in the inbox and listed, but
/// it is not pushed live and does not count as unread; a critical one ignores mutes.
/// </summary>
/// <param name="MutedTypes">Muted notification types, distinct and sorted.</param>
/// <param name="MutedGroups">Muted topic groups, distinct and sorted.</param>
public sealed record UserPreferences(IReadOnlyList<string> MutedTypes, IReadOnlyList<string> MutedGroups)
{
    /// <summary>The most types, and the most groups, one user may mute.</summary>
    public const int MaxMutes = 100;

    /// <summary>Gets the preferences of a user who never set any: nothing muted.</summary>
    public static UserPreferences None { get; } = new([], []);

    /// <summary>Whether a notification reaching the user by this route is muted.</summary>
    /// <param name="type">The notification's type; <see langword="null"/> for entries stored before types were kept.</param>
    /// <param name="stream">The shared stream it came through (<see cref="StreamNames"/>), or <see langword="null"/> when it was sent to the user.</param>
    /// <param name="critical">Whether the publisher marked it critical.</param>
    /// <returns>Whether it is muted.</returns>
    public bool Silences(string? type, string? stream, bool critical)
    {
        if (critical)
        {
            return false;
        }

        if (type is not null && Contains(MutedTypes, type))
        {
            return true;
        }

        return stream is not null && stream.StartsWith(StreamNames.GroupPrefix, StringComparison.Ordinal)
            && Contains(MutedGroups, stream[StreamNames.GroupPrefix.Length..]);
    }

    private static bool Contains(IReadOnlyList<string> sorted, string value)
    {
        foreach (var item in sorted)
        {
            if (string.Equals(item, value, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}

using Notifier.Core.Preferences;

namespace Notifier.Core.Tests.Fakes;

/// <summary>Preferences in memory, with the mute index a push consults.</summary>
public sealed class InMemoryPreferenceStore : IPreferenceStore
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, UserPreferences> _preferences = new(StringComparer.Ordinal);

    /// <summary>Gets a user's preferences now.</summary>
    public UserPreferences Current(string userId)
    {
        lock (_lock)
        {
            return _preferences.GetValueOrDefault(userId) ?? UserPreferences.None;
        }
    }

    public Task<UserPreferences> GetAsync(string userId, CancellationToken cancellationToken) => Task.FromResult(Current(userId));

    public Task SetAsync(string userId, UserPreferences preferences, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            _preferences[userId] = preferences;
        }

        return Task.CompletedTask;
    }

    public Task<MutingUsers> FindMutingUsersAsync(string type, IReadOnlyCollection<string> groups, int max, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var users = _preferences
                .Where(p => p.Value.MutedTypes.Contains(type, StringComparer.Ordinal) || p.Value.MutedGroups.Any(g => groups.Contains(g, StringComparer.Ordinal)))
                .Select(p => p.Key)
                .Order(StringComparer.Ordinal)
                .ToList();
            return Task.FromResult(new MutingUsers([.. users.Take(max)], users.Count <= max));
        }
    }
}

namespace Notifier.Functions.Preferences;

/// <summary>What a user muted.</summary>
/// <param name="Types">Notification types (for example <c>marketing.digest</c>), at most 100.</param>
/// <param name="Groups">Topic groups, at most 100.</param>
internal sealed record MutedPreferences(IReadOnlyList<string> Types, IReadOnlyList<string> Groups);

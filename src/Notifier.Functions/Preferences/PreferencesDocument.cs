namespace Notifier.Functions.Preferences;

/// <summary>
/// A user's preferences, the body of <c>PUT /api/preferences</c> and the answer of both routes. A muted notification is
/// kept in the inbox and listed (<c>muted: true</c>), but it is not pushed live and does not count as unread; one the
/// publisher marked <c>critical</c> ignores mutes.
/// </summary>
/// <param name="Muted">The muted types and groups.</param>
internal sealed record PreferencesDocument(MutedPreferences Muted);

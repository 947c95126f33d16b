namespace Notifier.Functions.Publishing;

/// <summary>Whom a notification goes to: users and/or groups (at most 1,000 together), or everyone alone.</summary>
/// <param name="Users">User ids.</param>
/// <param name="Groups">Group names.</param>
/// <param name="All"><c>true</c> to send to everyone; then no users or groups.</param>
internal sealed record PublishRecipients(IReadOnlyList<string>? Users, IReadOnlyList<string>? Groups, bool? All);

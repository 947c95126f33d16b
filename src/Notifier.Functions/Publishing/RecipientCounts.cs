namespace Notifier.Functions.Publishing;

/// <summary>Whom a notification was sent to: users are counted (a list could be 1,000 long), groups are named.</summary>
/// <param name="Users">How many users were named.</param>
/// <param name="Groups">The groups named.</param>
/// <param name="All">Whether it went to everyone.</param>
internal sealed record RecipientCounts(int Users, IReadOnlyList<string> Groups, bool All);

using System.Text.Json.Serialization;

namespace Notifier.Publisher;

/// <summary>Whom a notification goes to: users and/or groups (at most 1,000 together), or everyone alone.</summary>
public sealed class NotificationRecipients
{
    /// <summary>Gets the user ids.</summary>
    [JsonPropertyName("users")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IList<string>? Users { get; init; }

    /// <summary>Gets the group names.</summary>
    [JsonPropertyName("groups")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IList<string>? Groups { get; init; }

    /// <summary>Gets whether it goes to every user; then no users or groups.</summary>
    [JsonPropertyName("all")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool All { get; init; }

    /// <summary>Gets the one user these recipients name when they name nobody else, else <see langword="null"/>.</summary>
    internal string? SingleUser => !All && Groups is not { Count: > 0 } && Users is { Count: 1 } users ? users[0] : null;

    /// <summary>Recipients that are these users.</summary>
    /// <param name="userIds">The user ids.</param>
    /// <returns>The recipients.</returns>
    public static NotificationRecipients ToUsers(params IEnumerable<string> userIds) => new() { Users = [.. userIds] };

    /// <summary>Recipients that are the members of these groups.</summary>
    /// <param name="groups">The group names.</param>
    /// <returns>The recipients.</returns>
    public static NotificationRecipients ToGroups(params IEnumerable<string> groups) => new() { Groups = [.. groups] };

    /// <summary>Every user.</summary>
    /// <returns>The recipients.</returns>
    public static NotificationRecipients ToAll() => new() { All = true };
}

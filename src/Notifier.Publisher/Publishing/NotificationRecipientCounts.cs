using System.Text.Json.Serialization;

namespace Notifier.Publisher;

/// <summary>Whom a notification was sent to: users are counted, groups are named.</summary>
public sealed class NotificationRecipientCounts
{
    /// <summary>Gets how many users were named.</summary>
    [JsonPropertyName("users")]
    public required int Users { get; init; }

    /// <summary>Gets the groups named.</summary>
    [JsonPropertyName("groups")]
    public required IReadOnlyList<string> Groups { get; init; }

    /// <summary>Gets whether it went to everyone.</summary>
    [JsonPropertyName("all")]
    public required bool All { get; init; }
}

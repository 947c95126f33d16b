using System.Text.Json.Serialization;

namespace Notifier.Publisher;

/// <summary>
/// The answer to a batch the service took (202, or 207 when some items are <c>conflict</c> or <c>unavailable</c>): one
/// result per notification, in the order sent.
/// </summary>
public sealed class PublishBatchResult
{
    /// <summary>Gets one result per notification, in the order sent.</summary>
    [JsonPropertyName("results")]
    public required IReadOnlyList<PublishBatchItem> Results { get; init; }

    /// <summary>Gets whether every item is settled (accepted, replayed or expired).</summary>
    [JsonIgnore]
    public bool IsComplete => Results.All(r => r.Status.IsSettled);

    /// <summary>Gets how long the service asked to wait before retrying the <c>unavailable</c> items, if it said.</summary>
    [JsonIgnore]
    public TimeSpan? RetryAfter { get; init; }
}

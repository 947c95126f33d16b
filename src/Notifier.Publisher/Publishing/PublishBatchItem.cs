using System.Text.Json.Serialization;

namespace Notifier.Publisher;

/// <summary>What happened to one notification of a batch, in request order.</summary>
public sealed class PublishBatchItem
{
    /// <summary>Gets the notification id (absent for an invalid or skipped item).</summary>
    [JsonPropertyName("id")]
    public string? Id { get; init; }

    /// <summary>Gets the outcome.</summary>
    [JsonPropertyName("status")]
    public required PublishItemStatus Status { get; init; }

    /// <summary>Gets when it was first accepted (settled items).</summary>
    [JsonPropertyName("createdAt")]
    public DateTimeOffset? CreatedAt { get; init; }

    /// <summary>Gets when it stops being delivered or listed (settled items).</summary>
    [JsonPropertyName("expiresAt")]
    public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>Gets where <c>GET</c> tells what happened to it (settled items).</summary>
    [JsonPropertyName("statusUrl")]
    public string? StatusUrl { get; init; }

    /// <summary>Gets what went wrong (conflict, unavailable, skipped).</summary>
    [JsonPropertyName("detail")]
    public string? Detail { get; init; }

    /// <summary>Gets the broken fields of an invalid item.</summary>
    [JsonPropertyName("errors")]
    public IReadOnlyList<NotificationFieldError>? Errors { get; init; }
}

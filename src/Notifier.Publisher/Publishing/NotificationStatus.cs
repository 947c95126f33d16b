using System.Text.Json.Serialization;

namespace Notifier.Publisher;

/// <summary>What happened to a notification (<c>GET /api/notifications/{id}</c>).</summary>
public sealed class NotificationStatus
{
    /// <summary>Gets the notification id.</summary>
    [JsonPropertyName("id")]
    public required string Id { get; init; }

    /// <summary>Gets <c>accepted</c>, <c>stored</c> (in every inbox, push failed), <c>pushed</c> or <c>expired</c>.</summary>
    [JsonPropertyName("state")]
    public required string State { get; init; }

    /// <summary>Gets who published it.</summary>
    [JsonPropertyName("publisher")]
    public required string Publisher { get; init; }

    /// <summary>Gets the user it comes from, when the publisher named one.</summary>
    [JsonPropertyName("sender")]
    public string? Sender { get; init; }

    /// <summary>Gets when it was first accepted.</summary>
    [JsonPropertyName("createdAt")]
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>Gets when it stops being delivered or listed.</summary>
    [JsonPropertyName("expiresAt")]
    public required DateTimeOffset ExpiresAt { get; init; }

    /// <summary>Gets whom it was sent to.</summary>
    [JsonPropertyName("recipients")]
    public required NotificationRecipientCounts Recipients { get; init; }

    /// <summary>Gets how many users' clients acknowledged it or read it.</summary>
    [JsonPropertyName("delivered")]
    public required int Delivered { get; init; }

    /// <summary>Gets how many users read it.</summary>
    [JsonPropertyName("read")]
    public required int Read { get; init; }
}

using System.Text.Json.Serialization;

namespace Notifier.Publisher;

/// <summary>The service's answer to one publish: stored for every recipient (<c>accepted</c>), or past its lifetime on arrival (<c>expired</c>).</summary>
public sealed class PublishReceipt
{
    /// <summary>Gets the notification id.</summary>
    [JsonPropertyName("id")]
    public required string Id { get; init; }

    /// <summary>Gets <c>accepted</c> or <c>expired</c>.</summary>
    [JsonPropertyName("status")]
    public required string Status { get; init; }

    /// <summary>Gets when the service first accepted it.</summary>
    [JsonPropertyName("createdAt")]
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>Gets when it stops being delivered or listed.</summary>
    [JsonPropertyName("expiresAt")]
    public required DateTimeOffset ExpiresAt { get; init; }

    /// <summary>Gets where <c>GET</c> tells what happened to it (a path of the service).</summary>
    [JsonPropertyName("statusUrl")]
    public required string StatusUrl { get; init; }

    /// <summary>Gets whether this repeats the first answer to the same id and content (<c>Idempotent-Replayed: true</c>): nothing new was stored.</summary>
    [JsonIgnore]
    public bool IsReplay { get; init; }
}

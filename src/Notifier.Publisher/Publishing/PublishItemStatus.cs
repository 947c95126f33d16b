using System.Text.Json.Serialization;
using Notifier.Publisher.Wire;

namespace Notifier.Publisher;

/// <summary>What happened to one notification of a batch. An extensible enumeration: the service may add values.</summary>
[JsonConverter(typeof(PublishItemStatusConverter))]
public readonly struct PublishItemStatus : IEquatable<PublishItemStatus>
{
    private readonly string? _value;

    /// <summary>Creates a status from its wire value.</summary>
    /// <param name="value">The value, such as <c>accepted</c>.</param>
    public PublishItemStatus(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        _value = value;
    }

    /// <summary>Stored for every recipient now.</summary>
    public static PublishItemStatus Accepted { get; } = new("accepted");

    /// <summary>Published before with the same id and content; nothing new stored.</summary>
    public static PublishItemStatus Replayed { get; } = new("replayed");

    /// <summary>Its lifetime had run out; nothing stored or sent.</summary>
    public static PublishItemStatus Expired { get; } = new("expired");

    /// <summary>The id was used before for different content; retry with a new id.</summary>
    public static PublishItemStatus Conflict { get; } = new("conflict");

    /// <summary>Not stored (storage or Web PubSub failed); retry with the same id.</summary>
    public static PublishItemStatus Unavailable { get; } = new("unavailable");

    /// <summary>The item breaks a rule; its errors name the fields.</summary>
    public static PublishItemStatus Invalid { get; } = new("invalid");

    /// <summary>Valid, but not stored because another item of the batch was invalid.</summary>
    public static PublishItemStatus Skipped { get; } = new("skipped");

    /// <summary>Gets whether the item is done (stored now or before, or expired), so a retry changes nothing.</summary>
    public bool IsSettled => Equals(Accepted) || Equals(Replayed) || Equals(Expired);

    /// <summary>Compares two statuses.</summary>
    public static bool operator ==(PublishItemStatus left, PublishItemStatus right) => left.Equals(right);

    /// <summary>Compares two statuses.</summary>
    public static bool operator !=(PublishItemStatus left, PublishItemStatus right) => !left.Equals(right);

    /// <inheritdoc />
    public bool Equals(PublishItemStatus other) => string.Equals(_value, other._value, StringComparison.OrdinalIgnoreCase);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is PublishItemStatus other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => _value is null ? 0 : StringComparer.OrdinalIgnoreCase.GetHashCode(_value);

    /// <inheritdoc />
    public override string ToString() => _value ?? string.Empty;
}

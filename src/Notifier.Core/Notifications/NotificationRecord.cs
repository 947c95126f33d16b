namespace Notifier.Core.Notifications;

/// <summary>The one durable record of a notification: its content, recipients and progress. Keyed by id, it is also the idempotency record.</summary>
public sealed record NotificationRecord
{
    /// <summary>Gets the id.</summary>
    public required string Id { get; init; }

    /// <summary>Gets the request's fingerprint; a different one under the same id is a conflict.</summary>
    public required string Fingerprint { get; init; }

    /// <summary>Gets the recipients.</summary>
    public required Recipients To { get; init; }

    /// <summary>Gets the name of the publisher (API key name, app id or queue).</summary>
    public required string Publisher { get; init; }

    /// <summary>Gets the sending user, if any.</summary>
    public string? Sender { get; init; }

    /// <summary>Gets whether the sender asked for read receipts.</summary>
    public bool Receipt { get; init; }

    /// <summary>Gets the application's type of notification, which users can mute.</summary>
    public required string Type { get; init; }

    /// <summary>Gets whether it ignores the recipients' mutes.</summary>
    public bool Critical { get; init; }

    /// <summary>Gets when it was accepted.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>Gets when it stops being delivered or listed.</summary>
    public required DateTimeOffset ExpiresAt { get; init; }

    /// <summary>Gets the payload clients receive, as JSON bytes (<c>id</c>, <c>type</c>, <c>title</c>, <c>body</c>, <c>url</c>, <c>data</c>, <c>createdAt</c>, <c>sender</c>).</summary>
    public required ReadOnlyMemory<byte> Payload { get; init; }

    /// <summary>Gets how far it got.</summary>
    public NotificationState State { get; init; }
}

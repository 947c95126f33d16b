namespace Notifier.Core.Notifications;

/// <summary>A validated publish request: the same JSON arrives over HTTP, a Storage queue or Service Bus.</summary>
public sealed class NotificationRequest
{
    /// <summary>Gets the idempotency id the publisher chose, if any.</summary>
    public string? Id { get; init; }

    /// <summary>Gets who receives it.</summary>
    public required Recipients To { get; init; }

    /// <summary>Gets the application's type of notification, such as <c>order.shipped</c>.</summary>
    public required string Type { get; init; }

    /// <summary>
    /// Gets the content as one compact JSON object (<c>type</c>, <c>title</c>, <c>body</c>, <c>url</c>, <c>data</c>),
    /// serialised once at validation and copied as bytes into storage and pushes.
    /// </summary>
    public required ReadOnlyMemory<byte> Content { get; init; }

    /// <summary>Gets a SHA-256 over everything but the id, to tell a repeat of a request from a different one.</summary>
    public required string Fingerprint { get; init; }

    /// <summary>Gets the lifetime in seconds the publisher asked for, if any.</summary>
    public int? TtlSeconds { get; init; }

    /// <summary>Gets whether the sender wants a receipt when a recipient reads it.</summary>
    public bool Receipt { get; init; }

    /// <summary>Gets the user on whose behalf it was sent; receipts go to this user.</summary>
    public string? Sender { get; init; }

    /// <summary>Gets whether it ignores the recipients' mutes: pushed live and counted unread whatever they muted.</summary>
    public bool Critical { get; init; }
}

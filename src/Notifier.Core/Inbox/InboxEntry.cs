namespace Notifier.Core.Inbox;

/// <summary>One notification in one user's inbox (or, before it is merged, in a shared stream).</summary>
public sealed record InboxEntry
{
    /// <summary>Gets the notification id.</summary>
    public required string NotificationId { get; init; }

    /// <summary>Gets the position in the user's inbox (or the stream); 0 before it is appended.</summary>
    public long Sequence { get; init; }

    /// <summary>Gets the payload bytes clients receive.</summary>
    public required ReadOnlyMemory<byte> Payload { get; init; }

    /// <summary>Gets when the notification was accepted.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>Gets when it stops being listed.</summary>
    public required DateTimeOffset ExpiresAt { get; init; }

    /// <summary>Gets the application's type of notification, which users can mute; <see langword="null"/> on entries stored before types were kept.</summary>
    public string? Type { get; init; }

    /// <summary>Gets whether it ignores the user's mutes.</summary>
    public bool Critical { get; init; }

    /// <summary>Gets the sending user, if any.</summary>
    public string? Sender { get; init; }

    /// <summary>Gets whether the sender asked for read receipts.</summary>
    public bool Receipt { get; init; }

    /// <summary>Gets whether the same notification may reach this inbox by another route too (several groups, or a group and the user).</summary>
    public bool MultiRoute { get; init; }

    /// <summary>Gets when this user read it, if they did.</summary>
    public DateTimeOffset? ReadAt { get; init; }

    /// <summary>Gets when this user archived it, if it is archived.</summary>
    public DateTimeOffset? ArchivedAt { get; init; }

    /// <summary>Gets whether the user's preferences muted it when it entered the inbox: kept and listed, but not pushed live and not counted unread.</summary>
    public bool Muted { get; init; }

    /// <summary>
    /// Gets, for a notification whose id is bound to its one user (<see cref="Publishing.NotificationIds.TryGetBoundUser"/>),
    /// the fingerprint of its content: the inbox then keeps what the notification's record would, with the entry, in the
    /// same transaction. <see langword="null"/> otherwise.
    /// </summary>
    public string? Fingerprint { get; init; }

    /// <summary>Gets, with <see cref="Fingerprint"/>, who published it.</summary>
    public string? Publisher { get; init; }

    /// <summary>
    /// Gets whether its id was made for this publish (the publisher sent none and its source derives none) and this is
    /// the publish's first attempt: no other attempt can have stored it, so the inbox need not recognise a replay when
    /// it appends it, and may write its index row later. A publisher that retries with the id sends it as its own.
    /// </summary>
    public bool NewId { get; init; }

    /// <summary>
    /// Gets whether an earlier attempt at this notification may have stored it (this one resumes it, under an id that
    /// attempt may have appended without its index row): the inbox gives such entries their index rows before it
    /// appends, so that the append recognises what the earlier attempt stored.
    /// </summary>
    public bool Retry { get; init; }
}

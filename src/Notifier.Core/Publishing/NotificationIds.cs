using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Notifier.Core.Identifiers;

namespace Notifier.Core.Publishing;

/// <summary>
/// The one place a notification's id is chosen: the publisher's own id when it sent one; else the id its source
/// derives (a queue message's id, so that a redelivered message is recognised, not published twice); else a new
/// sortable id. The HTTP endpoint, the queue triggers and <see cref="PublishPipeline"/> all ask it.
/// </summary>
public sealed class NotificationIds
{
    private readonly SortableIdGenerator _generator;

    /// <summary>Creates the chooser.</summary>
    /// <param name="generator">Makes ids for notifications that have none.</param>
    public NotificationIds(SortableIdGenerator generator)
    {
        ArgumentNullException.ThrowIfNull(generator);
        _generator = generator;
    }

    /// <summary>Chooses the id a notification is published under.</summary>
    /// <param name="requestedId">The id the publisher sent, if any.</param>
    /// <param name="derivedId">The id its source derives (<see cref="FromMessage"/>), if any.</param>
    /// <returns>The requested id, else the derived one, else a new sortable id.</returns>
    public string Choose(string? requestedId, string? derivedId = null) => requestedId ?? derivedId ?? _generator.Next();

    /// <summary>
    /// Derives a notification id from a queue message id. Ids outside the alphabet, or holding the ':' that separates a
    /// batch item's index, are hashed, so message "x" item 1 (<c>x:1</c>) and a message named "x:1" can never collide.
    /// </summary>
    /// <param name="prefix">The queue's prefix (<c>q-</c>, <c>sb-</c>), so queues cannot collide with each other.</param>
    /// <param name="messageId">The message id, stable across redeliveries.</param>
    /// <param name="index">The item's index when the message holds a batch.</param>
    /// <returns>A valid id, the same for every delivery of the message.</returns>
    public static string FromMessage(string prefix, string messageId, int? index)
    {
        ArgumentNullException.ThrowIfNull(messageId);
        var suffix = index is { } i ? ":" + i.ToString(CultureInfo.InvariantCulture) : string.Empty;
        var basis = Identifier.IsValid(prefix + messageId + suffix) && !messageId.Contains(':', StringComparison.Ordinal)
            ? messageId
            : Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(messageId)))[..40];
        return prefix + basis + suffix;
    }
}

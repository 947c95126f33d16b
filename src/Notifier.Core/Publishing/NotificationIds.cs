using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Notifier.Core.Identifiers;
using Notifier.Core.Notifications;

namespace Notifier.Core.Publishing;

/// <summary>
/// The one place a notification's id is chosen: the publisher's own id when it sent one; else the id its source
/// derives (a queue message's id, so that a redelivered message is recognised, not published twice); else a new
/// sortable id. The HTTP endpoint, the queue triggers and <see cref="PublishPipeline"/> all ask it.
/// </summary>
/// <remarks>
/// A new id for a notification to one user names that user: <c>{sortable id}@{user}</c> (a user id of at most
/// <see cref="MaxBoundUserLength"/> characters). Such an id is bound to its user: it can only ever be published to that
/// user alone, so its uniqueness is decided in the user's inbox partition, and the notification is stored in one
/// write there, with no separate record (see <see cref="TryGetBoundUser"/>). A publisher may send an id of this
/// shape itself; it is bound the same way.
/// </remarks>
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

    /// <summary>
    /// Chooses the id a notification is published under. A new id for a notification to one user alone is bound to
    /// that user.
    /// </summary>
    /// <param name="request">The request, whose id and recipients decide.</param>
    /// <param name="derivedId">The id its source derives (<see cref="FromMessage"/>), if any.</param>
    /// <returns>The requested id, else the derived one, else a new id, bound when the request names one user alone.</returns>
    public string Choose(NotificationRequest request, string? derivedId = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        if ((request.Id ?? derivedId) is { } chosen)
        {
            return chosen;
        }

        var next = _generator.Next();
        return request.To.IsSingleUser && request.To.Users[0].Length <= MaxBoundUserLength
            ? string.Concat(next, BoundSeparator, request.To.Users[0])
            : next;
    }

    /// <summary>The longest user id a new id can name: a sortable id, the separator and the user fit <see cref="Identifier.MaxLength"/>.</summary>
    public const int MaxBoundUserLength = Identifier.MaxLength - SortableIdGenerator.Length - 1;

    private const char BoundSeparator = '@';

    /// <summary>
    /// Whether <paramref name="id"/> is bound to one user (<c>{sortable id}@{user}</c>), and to whom. Whatever follows the
    /// separator is the user, so a user id holding <c>@</c> itself still reads back whole.
    /// </summary>
    /// <param name="id">A valid notification id.</param>
    /// <param name="userId">The user it is bound to.</param>
    /// <returns>Whether it is bound.</returns>
    public static bool TryGetBoundUser(string id, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? userId)
    {
        userId = IsBound(id) ? id[(SortableIdGenerator.Length + 1)..] : null;
        return userId is not null;
    }

    /// <summary>Whether <paramref name="id"/> is bound to one user (see <see cref="TryGetBoundUser"/>), without reading the user out.</summary>
    /// <param name="id">A valid notification id.</param>
    /// <returns>Whether it is bound.</returns>
    public static bool IsBound(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        var length = SortableIdGenerator.Length;
        return id.Length > length + 1 && id[length] == BoundSeparator && SortableIdGenerator.IsSortableId(id.AsSpan(0, length));
    }

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

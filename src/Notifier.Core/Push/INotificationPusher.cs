using Notifier.Core.Notifications;

namespace Notifier.Core.Push;

/// <summary>Sends serialised envelopes to connected clients.</summary>
public interface INotificationPusher
{
    /// <summary>Sends one message to every connection of the recipients, with as few service calls as the service allows.</summary>
    /// <param name="recipients">The recipients.</param>
    /// <param name="message">The envelope bytes, sent unchanged to every connection.</param>
    /// <param name="exceptUsers">Users to leave out (they muted it), or none.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task.</returns>
    Task SendAsync(Recipients recipients, ReadOnlyMemory<byte> message, IReadOnlyCollection<string> exceptUsers, CancellationToken cancellationToken);

    /// <summary>Sends one message to a user's connections, optionally leaving one out.</summary>
    /// <param name="userId">The user.</param>
    /// <param name="message">The envelope bytes.</param>
    /// <param name="exceptConnectionId">A connection that must not receive it, such as the one that caused it.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task.</returns>
    Task SendToUserAsync(string userId, ReadOnlyMemory<byte> message, string? exceptConnectionId, CancellationToken cancellationToken);
}

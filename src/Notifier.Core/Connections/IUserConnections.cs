namespace Notifier.Core.Connections;

/// <summary>The connections recorded per user, and the service that knows which of them are still open.</summary>
public interface IUserConnections
{
    /// <summary>Lists the connection ids recorded for a user; a lost disconnect can leave some that are closed.</summary>
    /// <param name="userId">The user.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The recorded connection ids.</returns>
    Task<IReadOnlyList<string>> ListAsync(string userId, CancellationToken cancellationToken);

    /// <summary>Asks the service whether a connection is open now.</summary>
    /// <param name="connectionId">The connection.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>Whether it is open.</returns>
    Task<bool> IsOpenAsync(string connectionId, CancellationToken cancellationToken);

    /// <summary>Forgets a recorded connection; forgetting one that is gone already is no error.</summary>
    /// <param name="userId">The user.</param>
    /// <param name="connectionId">The connection.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task.</returns>
    Task RemoveAsync(string userId, string connectionId, CancellationToken cancellationToken);
}

namespace Notifier.Functions.Transport;

/// <summary>What the transport itself knows about open connections: the source of truth for presence and the connection limit.</summary>
internal interface IConnectionDirectory
{
    /// <summary>Whether the connection is open now.</summary>
    Task<bool> ConnectionExistsAsync(string connectionId, CancellationToken cancellationToken);

    /// <summary>Whether the user holds at least one open connection now.</summary>
    Task<bool> UserExistsAsync(string userId, CancellationToken cancellationToken);
}

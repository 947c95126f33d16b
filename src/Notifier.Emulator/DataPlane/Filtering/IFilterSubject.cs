namespace Notifier.Emulator.DataPlane.Filtering;

/// <summary>What a filter can see of a connection.</summary>
internal interface IFilterSubject
{
    string ConnectionId { get; }

    string? UserId { get; }

    /// <summary>The subprotocol selected at the handshake; null for a raw client that chose none.</summary>
    string? Protocol { get; }

    /// <summary>The number of groups the connection is in.</summary>
    int GroupCount { get; }

    bool IsInGroup(string group);
}

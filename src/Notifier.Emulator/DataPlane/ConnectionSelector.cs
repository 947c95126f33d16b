using Notifier.Emulator.Connections;
using Notifier.Emulator.DataPlane.Filtering;

namespace Notifier.Emulator.DataPlane;

/// <summary>
/// Which connections of a fan-out take part: not <c>excluded</c>, and matching the OData <c>filter</c>. Built once
/// per request; its predicate is one delegate, and checking a connection allocates nothing (the selector itself is
/// the filter's view of the connection being checked). Not thread-safe, like the filter it holds.
/// </summary>
internal sealed class ConnectionSelector : IFilterSubject
{
    private readonly HashSet<string>? _excluded;
    private readonly ConnectionFilter? _filter;
    private ClientConnection _current = null!;

    public ConnectionSelector(IReadOnlyCollection<string> excluded, ConnectionFilter? filter)
    {
        _excluded = excluded.Count == 0 ? null : new HashSet<string>(excluded, StringComparer.Ordinal);
        _filter = filter;
        Predicate = _excluded is null && _filter is null ? null : Includes;
    }

    /// <summary>For <see cref="Hub.Send"/>: null when every connection takes part.</summary>
    public Func<ClientConnection, bool>? Predicate { get; }

    string IFilterSubject.ConnectionId => _current.ConnectionId;

    string? IFilterSubject.UserId => _current.UserId;

    string? IFilterSubject.Protocol => _current.Subprotocol;

    // The one property that copies: ClientConnection exposes its groups only as a snapshot. length(groups) is rare.
    int IFilterSubject.GroupCount => _current.GroupCount;

    /// <summary>Parses the request's filter (null or empty: no filter); the error is the service's 400 answer.</summary>
    public static bool TryCreate(IReadOnlyCollection<string> excluded, string? filterText, out ConnectionSelector? selector, out DataPlaneError? error)
    {
        selector = null;
        error = null;
        ConnectionFilter? filter = null;
        if (!string.IsNullOrWhiteSpace(filterText) && !ConnectionFilter.TryParse(filterText, out filter, out var filterError))
        {
            error = DataPlaneError.BadRequest("Request", filterError);
            return false;
        }

        selector = new ConnectionSelector(excluded, filter);
        return true;
    }

    public bool Includes(ClientConnection connection)
    {
        if (_excluded is not null && _excluded.Contains(connection.ConnectionId))
        {
            return false;
        }

        if (_filter is null)
        {
            return true;
        }

        _current = connection;
        return _filter.Matches(this);
    }

    bool IFilterSubject.IsInGroup(string group) => _current.IsInGroup(group);
}

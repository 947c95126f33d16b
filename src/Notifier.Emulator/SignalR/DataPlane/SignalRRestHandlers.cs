using System.Globalization;
using Microsoft.Extensions.Options;
using Notifier.Azure.SignalR.Protocol;
using Notifier.Emulator.DataPlane;
using Notifier.Emulator.SignalR.Connections;
using Notifier.Emulator.SignalR.Hosting;
using Notifier.Emulator.Telemetry;

namespace Notifier.Emulator.SignalR.DataPlane;

/// <summary>
/// The REST operations of the SignalR mode, shared by the <c>/api/v1</c> and the <c>api-version</c> routes, with the
/// service's status codes: sends answer 202 whoever receives them, probes 200 or 404 with <c>x-ms-error-code</c>.
/// Where the two route families answer a success differently (a close is 202 on v1 and 200 with a version), the
/// route passes the status it answers with.
/// </summary>
internal sealed partial class SignalRRestHandlers
{
    /// <summary>How long a user stays in a group added without a ttl: the service keeps such memberships up to a year.</summary>
    private static readonly TimeSpan LongestMembership = TimeSpan.FromDays(365);

    private readonly SignalRHubRegistry _hubs;
    private readonly IOptionsMonitor<SignalROptions> _options;
    private readonly TimeProvider _timeProvider;

    public SignalRRestHandlers(SignalRHubRegistry hubs, IOptionsMonitor<SignalROptions> options, TimeProvider timeProvider)
    {
        _hubs = hubs;
        _options = options;
        _timeProvider = timeProvider;
    }

    public Task<IResult> SendToAllAsync(HttpContext context, string hub) =>
        SendAsync(context, hub, null, static (h, _) => h.All(), allowsExcluded: true);

    public Task<IResult> SendToUserAsync(HttpContext context, string hub, string userId) =>
        SendAsync(context, hub, userId, static (h, user) => h.OfUser(user!), allowsExcluded: false);

    public Task<IResult> SendToConnectionAsync(HttpContext context, string hub, string connectionId) =>
        SendAsync(context, hub, connectionId, static (h, id) => h.Find(id!) is { } c ? [c] : [], allowsExcluded: false);

    public Task<IResult> SendToGroupAsync(HttpContext context, string hub, string group) =>
        SignalRNames.IsValidGroup(group)
            ? SendAsync(context, hub, group, static (h, g) => h.InGroup(g!), allowsExcluded: true)
            : Task.FromResult<IResult>(InvalidGroup());

    public IResult ConnectionExists(string hub, string connectionId) =>
        _hubs.GetOrAdd(hub).Find(connectionId) is null ? ConnectionNotExisted(connectionId) : Results.Ok();

    /// <summary>Closes a connection: its client gets a close message with <paramref name="reason"/> and may reconnect.</summary>
    public IResult CloseConnection(string hub, string connectionId, string? reason, int closedStatus)
    {
        if (_hubs.GetOrAdd(hub).Find(connectionId) is not { } connection)
        {
            return ConnectionNotExisted(connectionId);
        }

        connection.Close(string.IsNullOrEmpty(reason) ? null : reason, allowReconnect: true);
        return Results.StatusCode(closedStatus);
    }

    /// <summary>Takes a connection out of every group; a connection that is gone is in none, which is what was asked.</summary>
    public IResult RemoveConnectionFromAllGroups(string hub, string connectionId)
    {
        _hubs.GetOrAdd(hub).RemoveFromAllGroups(connectionId);
        return Results.Ok();
    }

    public IResult UserExists(string hub, string userId) =>
        _hubs.GetOrAdd(hub).UserExists(userId)
            ? Results.Ok()
            : new DataPlaneError(StatusCodes.Status404NotFound, SignalRErrorCodes.UserNotExisted, $"User `{userId}` has no connection.", "User");

    public IResult GroupExists(string hub, string group)
    {
        if (!SignalRNames.IsValidGroup(group))
        {
            return InvalidGroup();
        }

        return _hubs.GetOrAdd(hub).GroupExists(group)
            ? Results.Ok()
            : new DataPlaneError(StatusCodes.Status404NotFound, SignalRErrorCodes.GroupNotExisted, $"Group `{group}` has no connection.", "Group");
    }

    public IResult AddConnectionToGroup(string hub, string group, string connectionId) =>
        !SignalRNames.IsValidGroup(group) ? InvalidGroup()
        : _hubs.GetOrAdd(hub).AddToGroup(connectionId, group) ? Results.Ok()
        : ConnectionInGroupNotExisted(connectionId);

    public IResult RemoveConnectionFromGroup(string hub, string group, string connectionId) =>
        !SignalRNames.IsValidGroup(group) ? InvalidGroup()
        : _hubs.GetOrAdd(hub).RemoveFromGroup(connectionId, group) ? Results.Ok()
        : ConnectionInGroupNotExisted(connectionId);

    public IResult UserInGroup(string hub, string group, string userId) =>
        !SignalRNames.IsValidGroup(group) ? InvalidGroup()
        : _hubs.GetOrAdd(hub).UserInGroup(userId, group) ? Results.Ok()
        : new DataPlaneError(StatusCodes.Status404NotFound, SignalRErrorCodes.UserNotInGroup, $"User `{userId}` is not in group `{group}`.", "User");

    public IResult AddUserToGroup(string hub, string group, string userId, string? ttl, int addedStatus)
    {
        if (!SignalRNames.IsValidGroup(group))
        {
            return InvalidGroup();
        }

        DateTimeOffset? expiresAt = _timeProvider.GetUtcNow() + LongestMembership;
        if (ttl is not null)
        {
            if (!int.TryParse(ttl, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
            {
                return DataPlaneError.BadRequest("ttl", $"ttl '{ttl}' is not a whole number of seconds.");
            }

            expiresAt = seconds == 0 ? null : _timeProvider.GetUtcNow() + TimeSpan.FromSeconds(seconds);
        }

        _hubs.GetOrAdd(hub).AddUserToGroup(userId, group, expiresAt);
        return Results.StatusCode(addedStatus);
    }

    public IResult RemoveUserFromGroup(string hub, string group, string userId, int removedStatus)
    {
        if (!SignalRNames.IsValidGroup(group))
        {
            return InvalidGroup();
        }

        _hubs.GetOrAdd(hub).RemoveUserFromGroup(userId, group);
        return Results.StatusCode(removedStatus);
    }

    public IResult RemoveUserFromAllGroups(string hub, string userId, int removedStatus)
    {
        _hubs.GetOrAdd(hub).RemoveUserFromAllGroups(userId);
        return Results.StatusCode(removedStatus);
    }

    private async Task<IResult> SendAsync(HttpContext context, string hubName, string? target, Func<SignalRHub, string?, SignalRConnection[]> recipients, bool allowsExcluded)
    {
        var excluded = context.Request.Query["excluded"];
        if (excluded.Count > 0 && !allowsExcluded)
        {
            return DataPlaneError.BadRequest("excluded", "Excluded connections apply only to sending to all or to a group.");
        }

        var (record, error) = await InvocationBodyReader.ReadAsync(context.Request, _options.CurrentValue.MaxMessageSize, context.RequestAborted).ConfigureAwait(false);
        if (error is not null)
        {
            return error;
        }

        using var activity = EmulatorActivities.StartUnderRequest("send", context.Request);
        var sent = 0;
        foreach (var connection in recipients(_hubs.GetOrAdd(hubName), target))
        {
            if (excluded.Count == 0 || !excluded.Contains(connection.ConnectionId))
            {
                connection.Send(record);
                sent++;
            }
        }

        if (activity is not null)
        {
            activity.SetTag("notifier.emulator.hub", SignalRNames.NormalizeHub(hubName));
            activity.SetTag("notifier.emulator.target", target ?? "all");
            activity.SetTag("notifier.emulator.bytes", record!.Length);
            activity.SetTag("notifier.emulator.connections", sent);
        }

        return Results.Accepted();
    }

    private static DataPlaneError InvalidGroup() =>
        DataPlaneError.BadRequest("group", "A group name must have 1 to 1,024 characters and not be only whitespace.");

    private static DataPlaneError ConnectionNotExisted(string connectionId) =>
        new(StatusCodes.Status404NotFound, SignalRErrorCodes.ConnectionNotExisted, $"Connection `{connectionId}` does not exist.", "Connection");

    private static DataPlaneError ConnectionInGroupNotExisted(string connectionId) =>
        new(StatusCodes.Status404NotFound, SignalRErrorCodes.ConnectionInGroupNotExisted, $"Connection `{connectionId}` does not exist.", "Connection");
}

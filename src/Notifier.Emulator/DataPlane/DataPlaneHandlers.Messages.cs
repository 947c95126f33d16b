using Notifier.Emulator.Connections;
using Notifier.Emulator.Protocols;
using Notifier.Emulator.Telemetry;

namespace Notifier.Emulator.DataPlane;

internal sealed partial class DataPlaneHandlers
{
    /// <summary><c>POST /api/hubs/{hub}/:send</c> (<c>excluded</c>, <c>filter</c>, <c>messageTtlSeconds</c>).</summary>
    public Task<IResult> SendToAllAsync(HttpContext context, string hub) =>
        SendAsync(context, hub, null, static (h, _) => h.AllConnections, acceptsExcluded: true, acceptsFilter: true, toGroup: false);

    /// <summary><c>POST /api/hubs/{hub}/users/{userId}/:send</c> (<c>filter</c>, <c>messageTtlSeconds</c>).</summary>
    public Task<IResult> SendToUserAsync(HttpContext context, string hub, string userId)
    {
        userId = RouteSegments.Exact(context, nameof(userId), userId);
        return ValidateUserId(userId) is { } error
            ? Task.FromResult<IResult>(error)
            : SendAsync(context, hub, userId, static (h, user) => h.UserConnections(user!), acceptsExcluded: false, acceptsFilter: true, toGroup: false);
    }

    /// <summary><c>POST /api/hubs/{hub}/groups/{group}/:send</c>: delivered as <c>from: "group"</c> without <c>fromUserId</c>.</summary>
    public Task<IResult> SendToGroupAsync(HttpContext context, string hub, string group)
    {
        group = RouteSegments.Exact(context, nameof(group), group);
        return ValidateGroup(group) is { } error
            ? Task.FromResult<IResult>(error)
            : SendAsync(context, hub, group, static (h, g) => h.GroupConnections(g!), acceptsExcluded: true, acceptsFilter: true, toGroup: true);
    }

    /// <summary><c>POST /api/hubs/{hub}/connections/{connectionId}/:send</c>: 202 even when the connection is gone, as the service.</summary>
    public Task<IResult> SendToConnectionAsync(HttpContext context, string hub, string connectionId)
    {
        connectionId = RouteSegments.Exact(context, nameof(connectionId), connectionId);
        return ValidateConnectionId(connectionId) is { } error
            ? Task.FromResult<IResult>(error)
            : SendAsync(
                context,
                hub,
                connectionId,
                static (h, id) => h.TryGetConnection(id!, out var connection) ? [connection] : [],
                acceptsExcluded: false,
                acceptsFilter: false,
                toGroup: false);
    }

    /// <summary>
    /// Validates every parameter, reads the body once into one <see cref="OutboundMessage"/> and hands that same message
    /// to each target; nothing is encoded or allocated per connection.
    /// </summary>
    private async Task<IResult> SendAsync(
        HttpContext context,
        string hubName,
        string? target,
        Func<Hub, string?, ClientConnection[]> targets,
        bool acceptsExcluded,
        bool acceptsFilter,
        bool toGroup)
    {
        var request = context.Request;
        if (QueryParameters.ValidateMessageTtl(request.Query) is { } ttlError)
        {
            return ttlError;
        }

        if (!QueryParameters.TryGetSingle(request.Query, "filter", out var filter, out var error)
            || !ConnectionSelector.TryCreate(
                acceptsExcluded ? QueryParameters.GetRepeated(request.Query, "excluded") : [],
                acceptsFilter ? filter : null,
                out var selector,
                out error))
        {
            return error!;
        }

        var maxSize = _options.CurrentValue.MaxMessageSize;
        var (body, bodyError) = await MessageBodyReader.ReadMessageAsync(request, maxSize, context.RequestAborted).ConfigureAwait(false);
        if (bodyError is not null)
        {
            return bodyError;
        }

        var message = toGroup
            ? OutboundMessage.FromGroup(target!, fromUserId: null, body!.DataType, body.Data)
            : OutboundMessage.FromServer(body!.DataType, body.Data);
        using var activity = EmulatorActivities.StartUnderRequest("send", request);
        var sent = FindHub(hubName) is { } hub ? Hub.Send(targets(hub, target), message, selector!.Predicate) : 0;
        if (activity is not null)
        {
            activity.SetTag("notifier.emulator.hub", hubName);
            activity.SetTag("notifier.emulator.target", target ?? "all");
            activity.SetTag("notifier.emulator.filter", filter);
            activity.SetTag("notifier.emulator.bytes", body.Data.Length);
            activity.SetTag("notifier.emulator.connections", sent);
        }

        Log.Sent(_logger, hubName, body.DataType, body.Data.Length, target ?? "all", sent);
        return Accepted;
    }
}

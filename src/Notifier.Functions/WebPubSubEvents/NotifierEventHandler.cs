using System.Diagnostics;
using Notifier.Azure.WebPubSub.EventHandler;
using Notifier.Azure.WebPubSub.Protocol;
using Notifier.Core.Connections;
using Notifier.Core.Identifiers;
using Notifier.Core.Inbox;
using Notifier.Functions.Connections;
using Notifier.Functions.Identity;
using Notifier.Functions.Inbox;
using Notifier.Functions.Telemetry;

namespace Notifier.Functions.WebPubSubEvents;

/// <summary>
/// The Web PubSub event handler (<c>/api/webpubsub</c>): <c>connect</c> admits only identified users of this hub within
/// their connection limit, <c>connected</c>/<c>disconnected</c> keep the connection count, and the user events
/// <c>ack</c> and <c>read</c> (data <c>{ "ids": [...] }</c>) update delivery and read state.
/// </summary>
internal sealed partial class NotifierEventHandler : WebPubSubEventHandler
{
    /// <summary>The connection-state key holding the topic groups from the client's token, for merging streams on events.</summary>
    public const string GroupsState = "groups";
    private const string GroupClaim = AccessTokenClaims.Group;

    private readonly UserConnections _connections;
    private readonly ConnectionOwners _owners;
    private readonly InboxService _inbox;
    private readonly ConnectionLimit _limit;
    private readonly TimeProvider _timeProvider;
    private readonly NotifierMetrics _metrics;
    private readonly ILogger<NotifierEventHandler> _logger;

    public NotifierEventHandler(UserConnections connections, ConnectionOwners owners, InboxService inbox, ConnectionLimit limit, TimeProvider timeProvider, NotifierMetrics metrics, ILogger<NotifierEventHandler> logger)
    {
        _metrics = metrics;
        _connections = connections;
        _owners = owners;
        _inbox = inbox;
        _limit = limit;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    public override async ValueTask<EventResponse> OnConnectAsync(ConnectEventRequest request, CancellationToken cancellationToken)
    {
        using var activity = Start("webpubsub connect", "connect", request.ConnectionContext);
        var userId = request.ConnectionContext.UserId;
        if (userId is null || !Identifier.IsValid(userId))
        {
            Refused(activity, "anonymous");
            return request.CreateErrorResponse(EventErrorCode.Unauthorized, "Connections must carry a user id: get the URL from /api/negotiate.");
        }

        // Claimed before the limit check, so that even a refused connection id cannot be claimed later in another name.
        if (!await _owners.ClaimAsync(request.ConnectionContext.ConnectionId, userId, cancellationToken).ConfigureAwait(false))
        {
            Log.ConnectionClaimed(_logger, request.ConnectionContext.ConnectionId, userId);
            Refused(activity, "claimed");
            return request.CreateErrorResponse(EventErrorCode.Unauthorized, "This connection was admitted for another user.");
        }

        if (!await _limit.HasRoomAsync(userId, cancellationToken).ConfigureAwait(false))
        {
            Log.ConnectionLimit(_logger, userId, _limit.ConnectionsPerUser);
            Refused(activity, "limit");
            return request.CreateErrorResponse(EventErrorCode.Unauthorized, $"The user already has {_limit.ConnectionsPerUser} connections, the most allowed.");
        }

        // The groups were signed into the token by negotiate; keep them for later events, which carry no claims.
        var groups = request.Claims.TryGetValue(GroupClaim, out var values) ? values.Where(g => Identifier.IsValid(g)).ToArray() : [];
        var response = new ConnectEventResponse();
        response.SetState(GroupsState, BinaryData.FromString(string.Join(',', groups)));
        return response;
    }

    public override async ValueTask OnConnectedAsync(ConnectedEventRequest request, CancellationToken cancellationToken)
    {
        using var activity = Start("webpubsub connected", "connected", request.ConnectionContext);
        _metrics.ConnectionOpened();
        if (request.ConnectionContext.UserId is { } userId)
        {
            await _connections.AddAsync(userId, request.ConnectionContext.ConnectionId, _timeProvider.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        }
    }

    public override async ValueTask OnDisconnectedAsync(DisconnectedEventRequest request, CancellationToken cancellationToken)
    {
        using var activity = Start("webpubsub disconnected", "disconnected", request.ConnectionContext);
        _metrics.ConnectionClosed();
        if (request.ConnectionContext.UserId is { } userId)
        {
            await _connections.RemoveAsync(userId, request.ConnectionContext.ConnectionId, cancellationToken).ConfigureAwait(false);
        }
    }

    public override async ValueTask<EventResponse> OnMessageAsync(UserEventRequest request, CancellationToken cancellationToken)
    {
        var context = request.ConnectionContext;
        using var activity = Start(context.EventName switch { "ack" => "webpubsub ack", "read" => "webpubsub read", _ => "webpubsub event" }, context.EventName, context);
        if (context.UserId is not { } userId)
        {
            return request.CreateErrorResponse(EventErrorCode.Unauthorized, "Only identified users can send events.");
        }

        // Only the connection id is signed: check that this user was admitted on it, or a captured event could be
        // replayed in another user's name.
        if (!await _owners.IsOwnerAsync(context.ConnectionId, userId, cancellationToken).ConfigureAwait(false))
        {
            Log.NotTheOwner(_logger, context.EventName, context.ConnectionId, userId);
            return request.CreateErrorResponse(EventErrorCode.Unauthorized, "This connection was not admitted for this user.");
        }

        if (context.EventName is not ("ack" or "read"))
        {
            return request.CreateErrorResponse(EventErrorCode.UserError, $"Unknown event '{context.EventName}'; send 'ack' or 'read'.");
        }

        var (ids, _, field, message) = IdsRequest.Parse(request.Data.ToMemory(), allowAll: false, InboxEndpoints.MaxIdsPerRead);
        if (field is not null)
        {
            return request.CreateErrorResponse(EventErrorCode.UserError, $"'{field}' {message}");
        }

        var groups = context.ConnectionStates.TryGetValue(GroupsState, out var state)
            ? state.ToString().Split(',', StringSplitOptions.RemoveEmptyEntries)
            : [];
        var streams = TopicPolicy.StreamsFor(groups);
        if (context.EventName == "ack")
        {
            await _inbox.AcknowledgeAsync(userId, streams, ids, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await _inbox.MarkReadAsync(userId, streams, ids, context.ConnectionId, cancellationToken).ConfigureAwait(false);
        }

        return new UserEventResponse();
    }

    private static Activity? Start(string name, string eventName, WebPubSubConnectionContext connection) =>
        ConnectionEventTelemetry.Start(NotifierActivitySources.WebPubSubEvents, name, eventName, connection.UserId, connection.ConnectionId);

    private void Refused(Activity? activity, string reason) => ConnectionEventTelemetry.Refused(_metrics, activity, reason);

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Refused a connection of {UserId}: already at the limit of {Limit}.")]
        public static partial void ConnectionLimit(ILogger logger, string userId, int limit);

        [LoggerMessage(2, LogLevel.Warning, "Refused a connect of '{UserId}' on connection '{ConnectionId}', which was admitted for another user (a forged event?).")]
        public static partial void ConnectionClaimed(ILogger logger, string connectionId, string userId);

        [LoggerMessage(3, LogLevel.Warning, "Refused '{EventName}' on connection '{ConnectionId}' in the name of '{UserId}', who was not admitted on it (a replayed event?).")]
        public static partial void NotTheOwner(ILogger logger, string eventName, string connectionId, string userId);
    }
}

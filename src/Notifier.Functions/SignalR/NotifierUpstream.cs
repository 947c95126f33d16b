using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.Json;
using Notifier.Azure.SignalR.Rest;
using Notifier.Azure.SignalR.Upstream;
using Notifier.Core.Connections;
using Notifier.Core.Identifiers;
using Notifier.Core.Inbox;
using Notifier.Functions.Connections;
using Notifier.Functions.Identity;
using Notifier.Functions.Inbox;
using Notifier.Functions.Telemetry;

namespace Notifier.Functions.SignalR;

/// <summary>
/// The SignalR Service upstream (<c>/api/signalr/{category}/{event}</c>), the SignalR twin of the Web PubSub event
/// handler: <c>connected</c> admits only identified users within their connection limit (closing the connection
/// otherwise: serverless mode has no blocking connect), joins the connection to the user's topic groups and answers
/// <c>ready</c>; <c>disconnected</c> keeps the connection count; the invocations <c>ack</c> and <c>read</c>
/// (<c>{ "ids": [...] }</c>) update delivery and read state. The library has checked <c>X-ASRS-Signature</c> (or the
/// managed-identity token), the hub and the body before any of this runs. Its telemetry is the event handler's: spans
/// <c>signalr connected</c>, <c>disconnected</c>, <c>ack</c>, <c>read</c>, <c>event</c> and the
/// <c>notifier.connections.*</c> counters, a refused <c>connected</c> counting as refused rather than opened.
/// </summary>
internal sealed partial class NotifierUpstream : SignalRUpstreamHandler
{
    private readonly SignalRRestClient _client;
    private readonly UserConnections _connections;
    private readonly ConnectionOwners _owners;
    private readonly UserTopics _topics;
    private readonly InboxService _inbox;
    private readonly ConnectionLimit _limit;
    private readonly TimeProvider _timeProvider;
    private readonly NotifierMetrics _metrics;
    private readonly ILogger<NotifierUpstream> _logger;

    public NotifierUpstream(
        SignalRRestClient client,
        UserConnections connections,
        ConnectionOwners owners,
        UserTopics topics,
        InboxService inbox,
        ConnectionLimit limit,
        TimeProvider timeProvider,
        NotifierMetrics metrics,
        ILogger<NotifierUpstream> logger)
    {
        _client = client;
        _connections = connections;
        _owners = owners;
        _topics = topics;
        _inbox = inbox;
        _limit = limit;
        _timeProvider = timeProvider;
        _metrics = metrics;
        _logger = logger;
    }

    public override async ValueTask OnConnectedAsync(SignalRConnectionContext connection, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var connectionId = connection.ConnectionId;
        using var activity = Start("signalr connected", "connected", connection);
        if (connection.UserId is not { } userId || !Identifier.IsValid(userId))
        {
            Refused(activity, "anonymous");
            await _client.CloseConnectionAsync(connectionId, "Connections must carry a user id: get the URL from /api/negotiate.", cancellationToken).ConfigureAwait(false);
            return;
        }

        // A connection another user claimed first is not closed: only a forged call (a captured signature) gets here,
        // and closing would hurt the connection's real owner.
        if (!await _owners.ClaimAsync(connectionId, userId, cancellationToken).ConfigureAwait(false))
        {
            Log.ConnectionClaimed(_logger, connectionId, userId);
            Refused(activity, "claimed");
            return;
        }

        if (!await _limit.HasRoomAsync(userId, cancellationToken).ConfigureAwait(false))
        {
            Log.ConnectionLimit(_logger, userId, _limit.ConnectionsPerUser);
            Refused(activity, "limit");
            await _client.CloseConnectionAsync(connectionId, $"The user already has {_limit.ConnectionsPerUser} connections, the most allowed.", cancellationToken).ConfigureAwait(false);
            return;
        }

        await _connections.AddAsync(userId, connectionId, _timeProvider.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        _metrics.ConnectionOpened();
        var groups = await _topics.GetAsync(userId, cancellationToken).ConfigureAwait(false);
        await Task.WhenAll(groups.Append(SignalRTargets.UserGroup(userId))
            .Select(group => _client.AddConnectionToGroupAsync(group, connectionId, cancellationToken))).ConfigureAwait(false);

        // Pushes to the groups reach the connection from now on, so a catch-up the client starts now misses nothing.
        await _client.SendToConnectionAsync(connectionId, SignalRMessage.Create(SignalRTargets.Ready), cancellationToken).ConfigureAwait(false);
    }

    public override async ValueTask OnDisconnectedAsync(SignalRConnectionContext connection, string? errorMessage, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        using var activity = Start("signalr disconnected", "disconnected", connection);

        // Unlike Web PubSub, the service reports the end of connections the upstream refused too: only one that had
        // its row (was admitted) counts as closed, so opened minus closed stays the open connections.
        if (connection.UserId is { } userId && Identifier.IsValid(userId)
            && await _connections.TryRemoveAsync(userId, connection.ConnectionId, cancellationToken).ConfigureAwait(false))
        {
            _metrics.ConnectionClosed();
        }
    }

    public override async ValueTask<SignalRInvocationResult> OnInvocationAsync(SignalRInvocation invocation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        var context = invocation.Connection;
        var isAck = string.Equals(invocation.Target, SignalRTargets.Ack, StringComparison.OrdinalIgnoreCase);
        var isRead = !isAck && string.Equals(invocation.Target, SignalRTargets.Read, StringComparison.OrdinalIgnoreCase);
        using var activity = isAck ? Start("signalr ack", SignalRTargets.Ack, context)
            : isRead ? Start("signalr read", SignalRTargets.Read, context)
            : Start("signalr event", invocation.Target, context);
        if (context.UserId is not { } userId || !Identifier.IsValid(userId))
        {
            return SignalRInvocationResult.FromError("Only identified users can invoke methods.");
        }

        // Only the connection id is signed. The first call of a connection claims it (an invocation may overtake
        // connected), and every later one must come from that user, or a captured request could be replayed in
        // another user's name.
        if (!await _owners.ClaimAsync(context.ConnectionId, userId, cancellationToken).ConfigureAwait(false))
        {
            Log.NotTheOwner(_logger, invocation.Target, context.ConnectionId, userId);
            return SignalRInvocationResult.FromError("This connection was not admitted for this user.");
        }

        if (!isAck && !isRead)
        {
            return SignalRInvocationResult.FromError($"Unknown method '{invocation.Target}'; invoke 'ack' or 'read'.");
        }

        if (invocation.Arguments.ValueKind != JsonValueKind.Array || invocation.Arguments.GetArrayLength() != 1)
        {
            return SignalRInvocationResult.FromError($"'{invocation.Target}' takes one argument, {{ \"ids\": [...] }}.");
        }

        var data = JsonMarshal.GetRawUtf8Value(invocation.Arguments[0]).ToArray();
        var (ids, _, field, message) = IdsRequest.Parse(data, allowAll: false, InboxEndpoints.MaxIdsPerRead);
        if (field is not null)
        {
            return SignalRInvocationResult.FromError($"'{field}' {message}");
        }

        var streams = TopicPolicy.StreamsFor(await _topics.GetAsync(userId, cancellationToken).ConfigureAwait(false));
        if (isAck)
        {
            await _inbox.AcknowledgeAsync(userId, streams, ids, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await _inbox.MarkReadAsync(userId, streams, ids, context.ConnectionId, cancellationToken).ConfigureAwait(false);
        }

        return SignalRInvocationResult.Void;
    }

    private static Activity? Start(string name, string eventName, SignalRConnectionContext connection) =>
        ConnectionEventTelemetry.Start(NotifierActivitySources.SignalRUpstream, name, eventName, connection.UserId, connection.ConnectionId);

    private void Refused(Activity? activity, string reason) => ConnectionEventTelemetry.Refused(_metrics, activity, reason);

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Closed a SignalR connection of {UserId}: already at the limit of {Limit}.")]
        public static partial void ConnectionLimit(ILogger logger, string userId, int limit);

        [LoggerMessage(2, LogLevel.Warning, "Ignored connected of '{UserId}' on SignalR connection '{ConnectionId}', which was admitted for another user (a forged call?).")]
        public static partial void ConnectionClaimed(ILogger logger, string connectionId, string userId);

        [LoggerMessage(3, LogLevel.Warning, "Refused '{Target}' on SignalR connection '{ConnectionId}' in the name of '{UserId}', who was not admitted on it (a replayed call?).")]
        public static partial void NotTheOwner(ILogger logger, string target, string connectionId, string userId);
    }
}

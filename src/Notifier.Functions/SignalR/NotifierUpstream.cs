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

namespace Notifier.Functions.SignalR;

/// <summary>
/// The SignalR Service upstream (<c>/api/signalr/{category}/{event}</c>), the SignalR twin of the Web PubSub event
/// handler: <c>connected</c> admits only identified users within their connection limit (closing the connection
/// otherwise: serverless mode has no blocking connect), joins the connection to the user's topic groups and answers
/// <c>ready</c>; <c>disconnected</c> keeps the connection count; the invocations <c>ack</c> and <c>read</c>
/// (<c>{ "ids": [...] }</c>) update delivery and read state. The library has checked <c>X-ASRS-Signature</c> (or the
/// managed-identity token), the hub and the body before any of this runs.
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
    private readonly ILogger<NotifierUpstream> _logger;

    public NotifierUpstream(
        SignalRRestClient client,
        UserConnections connections,
        ConnectionOwners owners,
        UserTopics topics,
        InboxService inbox,
        ConnectionLimit limit,
        TimeProvider timeProvider,
        ILogger<NotifierUpstream> logger)
    {
        _client = client;
        _connections = connections;
        _owners = owners;
        _topics = topics;
        _inbox = inbox;
        _limit = limit;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    public override async ValueTask OnConnectedAsync(SignalRConnectionContext connection, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var connectionId = connection.ConnectionId;
        if (connection.UserId is not { } userId || !Identifier.IsValid(userId))
        {
            await _client.CloseConnectionAsync(connectionId, "Connections must carry a user id: get the URL from /api/negotiate.", cancellationToken).ConfigureAwait(false);
            return;
        }

        // A connection another user claimed first is not closed: only a forged call (a captured signature) gets here,
        // and closing would hurt the connection's real owner.
        if (!await _owners.ClaimAsync(connectionId, userId, cancellationToken).ConfigureAwait(false))
        {
            Log.ConnectionClaimed(_logger, connectionId, userId);
            return;
        }

        if (!await _limit.HasRoomAsync(userId, cancellationToken).ConfigureAwait(false))
        {
            Log.ConnectionLimit(_logger, userId, _limit.ConnectionsPerUser);
            await _client.CloseConnectionAsync(connectionId, $"The user already has {_limit.ConnectionsPerUser} connections, the most allowed.", cancellationToken).ConfigureAwait(false);
            return;
        }

        await _connections.AddAsync(userId, connectionId, _timeProvider.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        var groups = await _topics.GetAsync(userId, cancellationToken).ConfigureAwait(false);
        await Task.WhenAll(groups.Append(SignalRTargets.UserGroup(userId))
            .Select(group => _client.AddConnectionToGroupAsync(group, connectionId, cancellationToken))).ConfigureAwait(false);

        // Pushes to the groups reach the connection from now on, so a catch-up the client starts now misses nothing.
        await _client.SendToConnectionAsync(connectionId, SignalRMessage.Create(SignalRTargets.Ready), cancellationToken).ConfigureAwait(false);
    }

    public override async ValueTask OnDisconnectedAsync(SignalRConnectionContext connection, string? errorMessage, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        if (connection.UserId is { } userId && Identifier.IsValid(userId))
        {
            await _connections.RemoveAsync(userId, connection.ConnectionId, cancellationToken).ConfigureAwait(false);
        }
    }

    public override async ValueTask<SignalRInvocationResult> OnInvocationAsync(SignalRInvocation invocation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        var context = invocation.Connection;
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

        var isAck = string.Equals(invocation.Target, SignalRTargets.Ack, StringComparison.OrdinalIgnoreCase);
        if (!isAck && !string.Equals(invocation.Target, SignalRTargets.Read, StringComparison.OrdinalIgnoreCase))
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

using Notifier.Azure.SignalR.Rest;
using Notifier.Core.Notifications;
using Notifier.Core.Push;
using Notifier.Functions.Telemetry;

namespace Notifier.Functions.SignalR;

/// <summary>
/// Pushes envelopes through the SignalR Service REST API as <c>notify</c> invocations: everyone → one broadcast; one
/// user → one call; any other mix → one call per user and per group (the API has no filters), 16 at a time. The
/// invocation is written once and its bytes go with every call. A connection reached by two routes gets the envelope
/// twice, and clients de-duplicate by id, as on Web PubSub. Users who muted the notification are left out of per-user
/// calls; a group or broadcast call cannot leave users out (the API excludes connections only), so they get it live
/// there, muted in their inbox all the same, as on Web PubSub past its filter's size. Measured by
/// <see cref="MeasuredPusher"/> around it (transport <c>signalr</c>; a mix of users and groups is target <c>fanout</c>).
/// </summary>
internal sealed class SignalRPusher : INotificationPusher
{
    private const int Parallelism = 16;
    private readonly SignalRRestClient _client;

    public SignalRPusher(SignalRRestClient client)
    {
        _client = client;
    }

    public async Task SendAsync(Recipients recipients, ReadOnlyMemory<byte> message, IReadOnlyCollection<string> exceptUsers, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(recipients);
        ArgumentNullException.ThrowIfNull(exceptUsers);
        var invocation = Notify(message);
        if (recipients.All)
        {
            await _client.SendToAllAsync(invocation, cancellationToken: cancellationToken).ConfigureAwait(false);
            return;
        }

        if (recipients.IsSingleUser)
        {
            if (exceptUsers.Contains(recipients.Users[0]))
            {
                return;
            }

            await _client.SendToUserAsync(recipients.Users[0], invocation, cancellationToken).ConfigureAwait(false);
            return;
        }

        var targets = recipients.Users.Where(user => !exceptUsers.Contains(user)).Select(user => (User: (string?)user, Group: (string?)null))
            .Concat(recipients.Groups.Select(group => (User: (string?)null, Group: (string?)group)));
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(targets, parallel, async (target, ct) =>
        {
            if (target.User is { } user)
            {
                await _client.SendToUserAsync(user, invocation, ct).ConfigureAwait(false);
            }
            else
            {
                await _client.SendToGroupAsync(target.Group!, invocation, cancellationToken: ct).ConfigureAwait(false);
            }
        }).ConfigureAwait(false);
    }

    public async Task SendToUserAsync(string userId, ReadOnlyMemory<byte> message, string? exceptConnectionId, CancellationToken cancellationToken)
    {
        var invocation = Notify(message);
        if (exceptConnectionId is null)
        {
            await _client.SendToUserAsync(userId, invocation, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await _client.SendToGroupAsync(SignalRTargets.UserGroup(userId), invocation, [exceptConnectionId], cancellationToken).ConfigureAwait(false);
        }
    }

    private static SignalRMessage Notify(ReadOnlyMemory<byte> envelope) => SignalRMessage.Create(SignalRTargets.Notify, BinaryData.FromBytes(envelope));
}

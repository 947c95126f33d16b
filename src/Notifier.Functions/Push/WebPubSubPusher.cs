using System.Text;
using Azure.Core;
using Notifier.Azure.WebPubSub.Rest;
using Notifier.Core.Notifications;
using Notifier.Core.Push;
using Notifier.Functions.Telemetry;

namespace Notifier.Functions.Push;

/// <summary>
/// Pushes envelopes through the Web PubSub REST API: one user → <c>users/{id}/:send</c>; everyone → <c>:send</c>;
/// any other mix → <c>:send</c> with an OData filter (<c>userId in (…) or 'g' in groups</c>), so a connection gets the
/// message once per call and a notification to many users and groups usually costs one call. Measured by
/// <see cref="MeasuredPusher"/> around it (transport <c>webpubsub</c>; a mix is target <c>filter</c>).
/// </summary>
internal sealed class WebPubSubPusher : INotificationPusher
{
    // Filters travel in the query string; stay well inside URL and clause limits.
    internal const int MaxFilterLength = 1800;
    internal const int MaxClausesPerFilter = 50;

    // Next to a full filter, the URL stays under 4 KB: about 50 users of GUID length.
    internal const int MaxExclusionLength = 2000;

    private static readonly ContentType Json = new("application/json");
    private readonly WebPubSubRestClient _client;

    public WebPubSubPusher(WebPubSubRestClient client)
    {
        _client = client;
    }

    public async Task SendAsync(Recipients recipients, ReadOnlyMemory<byte> message, IReadOnlyCollection<string> exceptUsers, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(recipients);
        ArgumentNullException.ThrowIfNull(exceptUsers);
        var data = BinaryData.FromBytes(message);
        var exclusion = ExclusionClause(exceptUsers);
        if (recipients.All)
        {
            var options = exclusion is null ? null : new WebPubSubSendOptions { Filter = exclusion };
            await _client.SendToAllAsync(data, Json, options, cancellationToken).ConfigureAwait(false);
            return;
        }

        if (exceptUsers.Count > 0)
        {
            var except = exceptUsers as IReadOnlySet<string> ?? new HashSet<string>(exceptUsers, StringComparer.Ordinal);
            recipients = new Recipients([.. recipients.Users.Where(u => !except.Contains(u))], recipients.Groups, all: false);
            if (recipients.Count == 0)
            {
                return;
            }
        }

        if (recipients.IsSingleUser)
        {
            await _client.SendToUserAsync(recipients.Users[0], data, Json, cancellationToken: cancellationToken).ConfigureAwait(false);
            return;
        }

        foreach (var filter in BuildFilters(recipients))
        {
            // Users named directly are no longer in the list; the clause keeps group members who muted it out.
            var options = new WebPubSubSendOptions { Filter = exclusion is null || recipients.Groups.Count == 0 ? filter : $"({filter}) and {exclusion}" };
            await _client.SendToAllAsync(data, Json, options, cancellationToken).ConfigureAwait(false);
        }
    }

    public Task SendToUserAsync(string userId, ReadOnlyMemory<byte> message, string? exceptConnectionId, CancellationToken cancellationToken)
    {
        var options = exceptConnectionId is null ? null : new WebPubSubSendOptions { Filter = $"connectionId ne '{exceptConnectionId.Replace("'", "''", StringComparison.Ordinal)}'" };
        return _client.SendToUserAsync(userId, BinaryData.FromBytes(message), Json, options, cancellationToken);
    }

    /// <summary>
    /// <c>not(userId in (…))</c> for the users to leave out, or <see langword="null"/> when there are none or too many for
    /// one filter: then they get the push live after all (their inbox still has it muted), which is documented.
    /// </summary>
    internal static string? ExclusionClause(IReadOnlyCollection<string> users)
    {
        if (users.Count == 0)
        {
            return null;
        }

        var builder = new StringBuilder("not(userId in (");
        var first = true;
        foreach (var user in users.Order(StringComparer.Ordinal))
        {
            builder.Append(first ? "'" : ",'").Append(user).Append('\'');
            first = false;
        }

        builder.Append("))");
        return builder.Length <= MaxExclusionLength ? builder.ToString() : null;
    }

    /// <summary>Splits the recipients into as few filters as the limits allow. Ids are validated, so they need no escaping.</summary>
    internal static List<string> BuildFilters(Recipients recipients)
    {
        var filters = new List<string>();
        var builder = new StringBuilder();
        var clauses = 0;
        var openUserList = false;

        void Flush()
        {
            if (openUserList)
            {
                builder.Append(')');
                openUserList = false;
            }

            if (builder.Length > 0)
            {
                filters.Add(builder.ToString());
                builder.Clear();
                clauses = 0;
            }
        }

        foreach (var user in recipients.Users)
        {
            // +4 for the quotes, comma and closing parenthesis.
            if (builder.Length + user.Length + 4 > MaxFilterLength)
            {
                Flush();
            }

            if (!openUserList)
            {
                builder.Append(builder.Length == 0 ? "userId in (" : " or userId in (");
                openUserList = true;
                clauses++;
            }
            else
            {
                builder.Append(',');
            }

            builder.Append('\'').Append(user).Append('\'');
        }

        if (openUserList)
        {
            builder.Append(')');
            openUserList = false;
        }

        foreach (var group in recipients.Groups)
        {
            var clause = $"'{group}' in groups";
            if (builder.Length + clause.Length + 4 > MaxFilterLength || clauses >= MaxClausesPerFilter)
            {
                Flush();
            }

            builder.Append(builder.Length == 0 ? clause : " or " + clause);
            clauses++;
        }

        Flush();
        return filters;
    }
}

using Azure;
using Azure.Data.Tables;
using Notifier.Core.Preferences;

namespace Notifier.Functions.Storage;

/// <summary>
/// Preferences live on the user's inbox head, which an instance's appends read at most
/// <see cref="InboxOptions.HeadLifetime"/> before: a change applies to the next notification appended through this
/// instance, and through any other once its copy of the head is that old. The <c>Mutes</c> table indexes who muted which type or group, for leaving them out of group and broadcast
/// pushes; it is written before the head, so a failure part-way leaves at most a push hint behind, which the retry of
/// the same request puts right.
/// </summary>
internal sealed class TablePreferenceStore : IPreferenceStore
{
    private const string TypePrefix = "type:";
    private const string GroupPrefix = "group:";
    private const int MaxAttempts = 20;
    private static readonly string[] UserOnly = ["UserId"];
    private readonly NotifierTables _tables;
    private readonly TableInboxStore _inboxes;

    public TablePreferenceStore(NotifierTables tables, TableInboxStore inboxes)
    {
        _tables = tables;
        _inboxes = inboxes;
    }

    public async Task<UserPreferences> GetAsync(string userId, CancellationToken cancellationToken)
    {
        var inbox = await _tables.GetAsync(TableNames.Inbox, cancellationToken).ConfigureAwait(false);
        var row = await inbox.GetEntityIfExistsAsync<TableEntity>(userId, TableInboxStore.HeadKey(userId), ["MutedTypes", "MutedGroups"], cancellationToken).ConfigureAwait(false);
        return row.HasValue ? InboxHead.From(row.Value!).Preferences : UserPreferences.None;
    }

    public async Task SetAsync(string userId, UserPreferences preferences, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(preferences);
        var inbox = await _tables.GetAsync(TableNames.Inbox, cancellationToken).ConfigureAwait(false);
        var mutes = await _tables.GetAsync(TableNames.Mutes, cancellationToken).ConfigureAwait(false);
        for (var attempt = 1; ; attempt++)
        {
            var row = await inbox.GetEntityIfExistsAsync<TableEntity>(userId, TableInboxStore.HeadKey(userId), cancellationToken: cancellationToken).ConfigureAwait(false);
            var head = row.HasValue ? InboxHead.From(row.Value!) : InboxHead.Empty with { Unread = 0 };
            var before = Keys(head.Preferences);
            var after = Keys(preferences);
            await Parallel.ForEachAsync(after, cancellationToken, async (key, ct) =>
                await mutes.UpsertEntityAsync(new TableEntity(key, RowKey(userId, key)) { ["UserId"] = userId }, TableUpdateMode.Replace, ct).ConfigureAwait(false)).ConfigureAwait(false);
            await Parallel.ForEachAsync(before.Except(after, StringComparer.Ordinal), cancellationToken, async (key, ct) =>
                await mutes.DeleteEntityAsync(key, RowKey(userId, key), cancellationToken: ct).ConfigureAwait(false)).ConfigureAwait(false);

            var written = (head with { Preferences = preferences }).ToEntity(userId);
            try
            {
                if (head.ETag is { } etag)
                {
                    await inbox.UpdateEntityAsync(written, etag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    await inbox.AddEntityAsync(written, cancellationToken).ConfigureAwait(false);
                }

                _inboxes.Forget(userId);
                return;
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412 && attempt < MaxAttempts)
            {
                // An append or a read moved the head: write the preferences onto the new one.
            }
        }
    }

    public async Task<MutingUsers> FindMutingUsersAsync(string type, IReadOnlyCollection<string> groups, int max, CancellationToken cancellationToken)
    {
        var mutes = await _tables.GetAsync(TableNames.Mutes, cancellationToken).ConfigureAwait(false);
        var users = new HashSet<string>(StringComparer.Ordinal);
        var complete = true;
        foreach (var key in groups.Select(g => GroupPrefix + g).Prepend(TypePrefix + type))
        {
            var filter = TableClient.CreateQueryFilter($"PartitionKey eq {key}");
            await foreach (var row in mutes.QueryAsync<TableEntity>(filter, max + 1, UserOnly, cancellationToken).ConfigureAwait(false))
            {
                if (users.Count == max)
                {
                    complete = false;
                    break;
                }

                users.Add(row.GetString("UserId")!);
            }

            if (!complete)
            {
                break;
            }
        }

        return users.Count == 0 && complete ? MutingUsers.Nobody : new MutingUsers(users, complete);
    }

    private static List<string> Keys(UserPreferences preferences) =>
        [.. preferences.MutedTypes.Select(t => TypePrefix + t), .. preferences.MutedGroups.Select(g => GroupPrefix + g)];

    // The row key names its partition, as everywhere: Azurite finds rows by row key first.
    private static string RowKey(string userId, string partition) => userId + "|" + partition;
}

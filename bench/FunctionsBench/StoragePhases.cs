using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using Azure;
using Azure.Data.Tables;

namespace Notifier.Bench.FunctionsBench;

/// <summary>
/// Azurite on its own, from this process, with the same table client the function app uses (Azure.Data.Tables'
/// <see cref="TableClient"/>, per-request logging off as in the app): the raw single-entity insert rate, and a replay
/// of exactly the storage calls the app makes for one single-recipient notification, without the app.
/// </summary>
internal static class StoragePhases
{
    private static readonly string[] CallNames = ["add record", "read head", "transaction", "insert entry"];
    private static readonly string[] SequenceOnly = ["Sequence"];
    private static long s_counter;
    private static int s_tables;

    /// <summary>
    /// <c>concurrency</c> loops, each inserting one small entity (one Int64 property; a new partition and row key each
    /// time) after another, into a new table unless <paramref name="tableName"/> names one.
    /// </summary>
    /// <remarks>
    /// Azurite (3.x, LokiJS) finds an entity by its RowKey index first and then filters by PartitionKey, so a lookup
    /// costs as many comparisons as the table has entities with that RowKey: with a constant RowKey
    /// (<paramref name="constantRowKey"/>, the shape of the app's <c>Notifications</c> records) every insert scans all
    /// earlier ones and the rate falls as the table grows. Unique row keys in a fresh table give Azurite's best rate.
    /// </remarks>
    public static async Task<StorageResult> RawInsertsAsync(string name, string connectionString, int concurrency, TimeSpan duration, CpuMeter cpu, string? tableName = null, bool constantRowKey = false)
    {
        var table = Client(connectionString, tableName ?? string.Create(CultureInfo.InvariantCulture, $"BenchRaw{Interlocked.Increment(ref s_tables)}x{Environment.ProcessId}"));
        await table.CreateIfNotExistsAsync().ConfigureAwait(false);
        var latency = new Samples();
        long done = 0, errors = 0;
        cpu.Start();
        var seconds = await RunLoopsAsync(concurrency, duration, async (_, running) =>
        {
            while (running())
            {
                var n = Interlocked.Increment(ref s_counter);
                var key = string.Create(CultureInfo.InvariantCulture, $"raw-{n}");
                var entity = new TableEntity(key, constantRowKey ? "record" : key) { ["Value"] = n };
                var sent = Stopwatch.GetTimestamp();
                try
                {
                    await table.AddEntityAsync(entity).ConfigureAwait(false);
                    latency.Add(Stats.Milliseconds(sent, Stopwatch.GetTimestamp()));
                    Interlocked.Increment(ref done);
                }
                catch (RequestFailedException)
                {
                    Interlocked.Increment(ref errors);
                }
            }
        }).ConfigureAwait(false);
        return new StorageResult(name, concurrency, done, errors, done / seconds, latency.Summarize(), cpu.Stop());
    }

    /// <summary>
    /// <c>concurrency</c> loops, each making, per notification, the storage calls of the app's publish path for one
    /// recipient (<c>PublishPipeline</c>, <c>TableNotificationRecords</c>, <c>TableInboxStore.Append</c>, on
    /// Azure.Data.Tables): add the record; read the inbox head, unless this loop appended to the user before (the app's
    /// per-instance copy of the head); append with no head, the entry and its index row in one transaction; (the app
    /// pushes here; nothing is written after the push). Row keys name their partition (<c>record:{id}</c>,
    /// <c>head:{user}</c>, <c>e:{sequence}:{user}</c>, <c>n:{id}:{user}</c>), which is all Azurite needs to find an
    /// entity without scanning (see <see cref="RawInsertsAsync"/>). Entities have the app's properties and sizes; each
    /// loop has 64 users of its own. With <paramref name="recordInInbox"/>, a notification whose id the app made and
    /// bound to its user: no record insert, the entry alone as a plain insert, carrying the record's fields for the
    /// index row a later read writes; one call when the head is known.
    /// </summary>
    public static async Task<ReplayResult> ReplayAsync(string name, string connectionString, int concurrency, TimeSpan duration, CpuMeter cpu, bool recordInInbox = false)
    {
        var records = Client(connectionString, "BenchNotificationsUniqueKeys");
        var inbox = Client(connectionString, "BenchInboxUniqueKeys");
        await records.CreateIfNotExistsAsync().ConfigureAwait(false);
        await inbox.CreateIfNotExistsAsync().ConfigureAwait(false);
        var calls = CallNames.ToDictionary(c => c, _ => new Samples(), StringComparer.Ordinal);
        var latency = new Samples();
        long done = 0, errors = 0;
        var fingerprint = Convert.ToBase64String(SHA256.HashData("bench"u8));
        cpu.Start();
        long callCount = 0;

        // Without a head the next sequence cannot be read back, so each replay writes users of its own.
        var run = string.Create(CultureInfo.InvariantCulture, $"{Stopwatch.GetTimestamp():x}-");
        var seconds = await RunLoopsAsync(concurrency, duration, async (loop, running) =>
        {
            var latest = new Dictionary<string, long>(StringComparer.Ordinal);
            for (var i = 0; running(); i++)
            {
                var user = string.Create(CultureInfo.InvariantCulture, $"replay-{run}{loop}-{i % 64}");
                var id = string.Create(CultureInfo.InvariantCulture, $"r{Stopwatch.GetTimestamp()}-{Interlocked.Increment(ref s_counter)}");
                var now = DateTimeOffset.UtcNow;
                var payload = System.Text.Encoding.UTF8.GetBytes($"{{\"id\":\"{id}\",\"createdAt\":\"{now:yyyy-MM-ddTHH:mm:ss.fffZ}\",\"title\":\"bench\"}}");
                var first = Stopwatch.GetTimestamp();
                try
                {
                    var made = 0;
                    if (!recordInInbox)
                    {
                        made = 1;
                        await Timed(calls["add record"], () => records.AddEntityAsync(new TableEntity(id, "record:" + id)
                        {
                            ["Fingerprint"] = fingerprint,
                            ["Publisher"] = "bench",
                            ["Receipt"] = false,
                            ["CreatedAt"] = now,
                            ["ExpiresAt"] = now.AddDays(7),
                            ["Payload"] = payload,
                            ["State"] = "Accepted",
                            ["Recipients0"] = System.Text.Encoding.UTF8.GetBytes($"{{\"users\":[\"{user}\"],\"groups\":[],\"all\":false}}"),
                        })).ConfigureAwait(false);
                    }

                    if (!latest.TryGetValue(user, out var known))
                    {
                        NullableResponse<TableEntity>? head = null;
                        await Timed(calls["read head"], async () => head = await inbox.GetEntityIfExistsAsync<TableEntity>(user, "head:" + user, SequenceOnly).ConfigureAwait(false)).ConfigureAwait(false);
                        known = head!.HasValue ? head.Value!.GetInt64("Sequence") ?? 0 : 0;
                        made++;
                    }

                    var sequence = known + 1;
                    var entry = new TableEntity(user, "e:" + sequence.ToString("D19", CultureInfo.InvariantCulture) + ":" + user)
                    {
                        ["NotificationId"] = id,
                        ["Payload"] = payload,
                        ["CreatedAt"] = now,
                        ["ExpiresAt"] = now.AddDays(7),
                        ["Receipt"] = false,
                        ["MultiRoute"] = false,
                        ["Read"] = false,
                        ["Muted"] = false,
                        ["WrittenBy"] = (long)i,
                    };
                    if (recordInInbox)
                    {
                        entry["Unindexed"] = true;
                        entry["Fingerprint"] = fingerprint;
                        entry["Publisher"] = "bench";
                        await Timed(calls["insert entry"], () => inbox.AddEntityAsync(entry)).ConfigureAwait(false);
                    }
                    else
                    {
                        TableTransactionAction[] appended =
                        [
                            new(TableTransactionActionType.Add, entry),
                            new(TableTransactionActionType.Add, new TableEntity(user, "n:" + id + ":" + user) { ["Sequence"] = sequence, ["ExpiresAt"] = now.AddDays(7) }),
                        ];
                        await Timed(calls["transaction"], () => inbox.SubmitTransactionAsync(appended)).ConfigureAwait(false);
                    }

                    latest[user] = sequence;
                    latency.Add(Stats.Milliseconds(first, Stopwatch.GetTimestamp()));
                    Interlocked.Increment(ref done);
                    Interlocked.Add(ref callCount, made + 1);
                }
                catch (RequestFailedException)
                {
                    latest.Remove(user);
                    Interlocked.Increment(ref errors);
                }
            }
        }).ConfigureAwait(false);
        return new ReplayResult(
            name,
            concurrency,
            done,
            errors,
            done / seconds,
            callCount / seconds,
            latency.Summarize(),
            calls.ToDictionary(c => c.Key, c => c.Value.Summarize(), StringComparer.Ordinal),
            cpu.Stop());
    }

    /// <summary>
    /// What one request costs Azurite against the entities it carries: <c>concurrency</c> loops, each writing one inbox
    /// append after another for 64 users of its own, in a new table, as <paramref name="shape"/> says: <c>insert</c>, the
    /// entry alone as a plain insert; <c>e</c>, the entry alone in a transaction; <c>ei</c>, the entry and its index row;
    /// <c>he</c>, the head (replaced under its ETag, as the app does) and the entry; <c>hei</c>, head, entry and index row, the app's append.
    /// </summary>
    public static async Task<StorageResult> AppendShapeAsync(string shape, string connectionString, int concurrency, TimeSpan duration, CpuMeter cpu)
    {
        var table = Client(connectionString, string.Create(CultureInfo.InvariantCulture, $"BenchShape{Interlocked.Increment(ref s_tables)}x{Environment.ProcessId}"));
        await table.CreateIfNotExistsAsync().ConfigureAwait(false);
        var latency = new Samples();
        long done = 0, errors = 0;
        var payload = System.Text.Encoding.UTF8.GetBytes("{\"id\":\"r1234567890-12345\",\"createdAt\":\"2026-12-05T12:00:00.000Z\",\"title\":\"bench\"}");
        cpu.Start();
        var seconds = await RunLoopsAsync(concurrency, duration, async (loop, running) =>
        {
            var heads = new Dictionary<string, (long Sequence, ETag ETag)>(StringComparer.Ordinal);
            for (var i = 0; running(); i++)
            {
                var user = string.Create(CultureInfo.InvariantCulture, $"shape-{loop}-{i % 64}");
                var id = string.Create(CultureInfo.InvariantCulture, $"s{Interlocked.Increment(ref s_counter)}");
                heads.TryGetValue(user, out var known);
                var sequence = known.Sequence + 1;
                var now = DateTimeOffset.UtcNow;
                var entry = new TableEntity(user, "e:" + sequence.ToString("D19", CultureInfo.InvariantCulture) + ":" + user)
                {
                    ["NotificationId"] = id,
                    ["Payload"] = payload,
                    ["CreatedAt"] = now,
                    ["ExpiresAt"] = now.AddDays(7),
                    ["Read"] = false,
                };
                var sent = Stopwatch.GetTimestamp();
                try
                {
                    if (shape == "insert")
                    {
                        await table.AddEntityAsync(entry).ConfigureAwait(false);
                        heads[user] = (sequence, default);
                    }
                    else
                    {
                        var actions = new List<TableTransactionAction>(3);
                        if (shape.Contains('h', StringComparison.Ordinal))
                        {
                            var head = new TableEntity(user, "head:" + user) { ["Sequence"] = sequence, ["Unread"] = (int)sequence, ["NextExpiry"] = now.AddDays(7) };
                            actions.Add(known.Sequence > 0 ? new(TableTransactionActionType.UpdateReplace, head, known.ETag) : new(TableTransactionActionType.Add, head));
                        }

                        actions.Add(new(TableTransactionActionType.Add, entry));
                        if (shape.Contains('i', StringComparison.Ordinal))
                        {
                            actions.Add(new(TableTransactionActionType.Add, new TableEntity(user, "n:" + id + ":" + user) { ["Sequence"] = sequence, ["ExpiresAt"] = now.AddDays(7) }));
                        }

                        var results = await table.SubmitTransactionAsync(actions).ConfigureAwait(false);
                        heads[user] = (sequence, shape.Contains('h', StringComparison.Ordinal) ? results.Value[0].Headers.ETag ?? default : default);
                    }

                    latency.Add(Stats.Milliseconds(sent, Stopwatch.GetTimestamp()));
                    Interlocked.Increment(ref done);
                }
                catch (RequestFailedException)
                {
                    heads.Remove(user);
                    Interlocked.Increment(ref errors);
                }
            }
        }).ConfigureAwait(false);
        var result = new StorageResult(shape, concurrency, done, errors, done / seconds, latency.Summarize(), cpu.Stop());
        await DropAsync(table).ConfigureAwait(false);
        return result;
    }

    // The shapes' tables are scratch: gone, they leave Azurite's heap (which holds every table) as it was.
    private static async Task DropAsync(TableClient table)
    {
        try
        {
            await table.DeleteAsync().ConfigureAwait(false);
        }
        catch (RequestFailedException)
        {
            // Measured already; a table left behind only costs Azurite memory.
        }
    }

    // Runs `concurrency` loops side by side until `duration` is over (each gets its index, and asks whether to go on
    // before every iteration); returns how many seconds they ran.
    private static async Task<double> RunLoopsAsync(int concurrency, TimeSpan duration, Func<int, Func<bool>, Task> loop)
    {
        var started = Stopwatch.GetTimestamp();
        var deadline = started + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        bool Running() => Stopwatch.GetTimestamp() < deadline;
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(i => loop(i, Running))).ConfigureAwait(false);
        return Stats.Seconds(started, Stopwatch.GetTimestamp());
    }

    private static TableClient Client(string connectionString, string tableName)
    {
        var options = new TableClientOptions();
        options.Diagnostics.IsLoggingEnabled = false;
        return new TableServiceClient(connectionString, options).GetTableClient(tableName);
    }

    private static async Task Timed(Samples samples, Func<Task> call)
    {
        var started = Stopwatch.GetTimestamp();
        await call().ConfigureAwait(false);
        samples.Add(Stats.Milliseconds(started, Stopwatch.GetTimestamp()));
    }
}

/// <summary>Raw storage calls per second.</summary>
internal sealed record StorageResult(string Name, int Concurrency, long Operations, long Errors, double PerSecond, Summary Latency, Dictionary<string, double> Cores);

/// <summary>The storage-only replay of the single-recipient publish path.</summary>
/// <remarks>
/// <c>NotificationsPerSecond</c>: Complete call sequences per second.<br/>
/// <c>CallsPerSecond</c>: Storage calls per second.<br/>
/// <c>Latency</c>: One sequence, first call to last.<br/>
/// <c>Calls</c>: Each call's latency.<br/>
/// </remarks>
internal sealed record ReplayResult(
    string Name,
    int Concurrency,
    long Notifications,
    long Errors,
    double NotificationsPerSecond,
    double CallsPerSecond,
    Summary Latency,
    Dictionary<string, Summary> Calls,
    Dictionary<string, double> Cores);

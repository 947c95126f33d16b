using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Notifier.DevHost.QueueTriggers;
using Notifier.DevHost.Stack;
using Notifier.DevHost.Tests.Infrastructure;

namespace Notifier.DevHost.Tests.Stack;

/// <summary>
/// The local stack killed outright (<c>kill -9</c>, a crash, the out-of-memory killer), not stopped: Azurite, which it
/// started, notices on its own, saves its data and exits, so a restart on the same folder has everything the stack
/// had accepted.
/// </summary>
public sealed class LocalStackKillTests : IDisposable
{
    private const string ApiKey = "local-development-key";
    private const int HttpNotifications = 40;
    private const int QueuedMessages = 150;
    private const int DelayedMessages = 30;
    private const int ConcurrentNotifications = 60;
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(40);

    // Messages the killed stack's queue trigger had received but not finished come back after the trigger's 30 s
    // visibility timeout, so the restarted stack needs at least that long to publish them all.
    private static readonly TimeSpan DeliveryTimeout = TimeSpan.FromSeconds(120);
    private readonly string _data = Directory.CreateTempSubdirectory("notifier-devhost-kill-").FullName;

    public void Dispose()
    {
        AzuriteProcesses.KillAll(_data);
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [Fact]
    public async Task After_kill_9_a_restart_on_the_same_data_has_every_accepted_notification_and_every_queued_message_once()
    {
        var ports = DevHostProcess.FreePorts(5);
        var arguments = DevHostProcess.Arguments(ports, _data, "--quiet");
        using var http = new HttpClient { BaseAddress = new Uri($"http://localhost:{ports[0]}/"), Timeout = TimeSpan.FromSeconds(30) };
        var httpUser = "killed-http";
        var queueUser = "killed-queue";
        var httpTitles = Enumerable.Range(0, HttpNotifications).Select(i => $"accepted {i}").ToList();
        var queueTitles = Enumerable.Range(0, QueuedMessages).Select(i => $"queued {i}").ToList();

        await using (var first = DevHostProcess.Start(arguments))
        {
            await first.WaitUntilReadyAsync(StartTimeout);

            // Straight into the Storage queue, as a backend would, with no id: the queue trigger derives one from the
            // message id, so a message delivered again after the restart must not make a second notification. The
            // last ones stay invisible for a while, so some are certainly still unprocessed when the stack dies.
            var queue = HostQueueClients.Create(PrintedConnectionString(first.Stdout), LocalStack.QueueName);
            for (var i = 0; i < QueuedMessages; i++)
            {
                var delay = i >= QueuedMessages - DelayedMessages ? TimeSpan.FromSeconds(10) : (TimeSpan?)null;
                await queue.SendMessageAsync(JsonSerializer.Serialize(new { to = new { users = new[] { queueUser } }, type = "crash.test", title = queueTitles[i] }), delay);
            }

            foreach (var title in httpTitles)
            {
                using var request = Publish(httpUser, title);
                using var response = await http.SendAsync(request);
                Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            }

            // Killed the moment the last publish is answered, while the trigger is still working through the queue.
            await first.SignalAsync("KILL");
            Assert.NotEqual(0, await first.WaitForExitAsync(StopTimeout));
        }

        // The orphaned Azurite stops by itself (saving its data) rather than dying with its parent or living on.
        await AzuriteProcesses.WaitUntilNoneAsync(_data, StopTimeout);
        var log = await File.ReadAllTextAsync(Path.Combine(_data, "azurite.log"));
        Assert.Contains("Azurite Queue service successfully closed", log, StringComparison.Ordinal);

        await using (var second = DevHostProcess.Start(arguments))
        {
            await second.WaitUntilReadyAsync(StartTimeout);

            var accepted = await InboxTitlesAsync(http, httpUser);
            Assert.Equal(httpTitles.Order(), accepted.Order());

            var published = await InboxTitlesAsync(http, queueUser);
            using var deadline = new CancellationTokenSource(DeliveryTimeout);
            while (published.Count < QueuedMessages && !deadline.IsCancellationRequested)
            {
                await Task.Delay(250, CancellationToken.None);
                published = await InboxTitlesAsync(http, queueUser);
            }

            // Every message once: none lost, none published twice.
            Assert.Equal(queueTitles.Order(), published.Order());

            await second.SignalAsync("TERM");
            Assert.Equal(0, await second.WaitForExitAsync(StopTimeout));
        }

        Assert.Empty(AzuriteProcesses.Using(_data));
    }

    [Fact]
    public async Task Killed_among_concurrent_publishes_to_one_user_a_restart_has_every_answered_one_once()
    {
        // Publishes to one inbox that meet on an instance are group committed: some wait in memory for the write in
        // flight. A kill then must lose none that was answered 202, and store none twice.
        var ports = DevHostProcess.FreePorts(5);
        var arguments = DevHostProcess.Arguments(ports, _data, "--quiet");
        using var http = new HttpClient { BaseAddress = new Uri($"http://localhost:{ports[0]}/"), Timeout = TimeSpan.FromSeconds(30) };
        var user = "killed-together";
        var titles = Enumerable.Range(0, ConcurrentNotifications).Select(i => $"together {i}").ToList();
        var answered = new ConcurrentQueue<string>();

        await using (var first = DevHostProcess.Start(arguments))
        {
            await first.WaitUntilReadyAsync(StartTimeout);
            var enough = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var publishes = titles.Select(title => Task.Run(async () =>
            {
                using var request = Publish(user, title);
                try
                {
                    using var response = await http.SendAsync(request);
                    if (response.StatusCode == HttpStatusCode.Accepted)
                    {
                        answered.Enqueue(title);
                        if (answered.Count >= ConcurrentNotifications / 2)
                        {
                            enough.TrySetResult();
                        }
                    }
                }
                catch (HttpRequestException)
                {
                    // The process died under this request: not answered, so not accepted.
                }
            })).ToList();

            // Killed once half are answered, the others still on their way in.
            await enough.Task.WaitAsync(StartTimeout);
            await first.SignalAsync("KILL");
            await Task.WhenAll(publishes);
            Assert.NotEqual(0, await first.WaitForExitAsync(StopTimeout));
        }

        await AzuriteProcesses.WaitUntilNoneAsync(_data, StopTimeout);
        await using (var second = DevHostProcess.Start(arguments))
        {
            await second.WaitUntilReadyAsync(StartTimeout);

            var stored = await InboxTitlesAsync(http, user);
            Assert.Subset(stored.ToHashSet(), answered.ToHashSet());
            Assert.Subset(titles.ToHashSet(), stored.ToHashSet());
            Assert.Equal(stored.Count, stored.Distinct().Count());

            await second.SignalAsync("TERM");
            Assert.Equal(0, await second.WaitForExitAsync(StopTimeout));
        }
    }

    /// <summary>A publish of one notification to <paramref name="user"/>, with the stack's development API key.</summary>
    private static HttpRequestMessage Publish(string user, string title)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "api/notifications")
        {
            Content = JsonContent.Create(new { to = new { users = new[] { user } }, type = "crash.test", title }),
        };
        request.Headers.Add("X-Api-Key", ApiKey);
        return request;
    }

    /// <summary>The connection string the banner prints for queue publishing.</summary>
    private static string PrintedConnectionString(string stdout) =>
        stdout.Split('\n').Select(l => l.Trim()).Single(l => l.StartsWith("DefaultEndpointsProtocol=", StringComparison.Ordinal));

    /// <summary>Every title in the user's inbox, all pages, as the stack's development identity header names the user.</summary>
    private static async Task<List<string>> InboxTitlesAsync(HttpClient http, string user)
    {
        var titles = new List<string>();
        long? before = null;
        while (true)
        {
            var query = before is { } cursor ? string.Create(CultureInfo.InvariantCulture, $"&before={cursor}") : string.Empty;
            using var request = new HttpRequestMessage(HttpMethod.Get, $"api/inbox?limit=100{query}");
            request.Headers.Add("X-Notifier-User", user);
            using var response = await http.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.IsSuccessStatusCode, $"GET /api/inbox answered {(int)response.StatusCode}: {body}");
            using var page = JsonDocument.Parse(body);
            titles.AddRange(page.RootElement.GetProperty("items").EnumerateArray()
                .Select(item => item.GetProperty("notification").GetProperty("title").GetString()!));
            if (!page.RootElement.GetProperty("hasMore").GetBoolean())
            {
                return titles;
            }

            before = page.RootElement.GetProperty("cursor").GetInt64();
        }
    }
}

using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Notifier.Azure.WebPubSub.Protocol;
using Notifier.DevHost.Azurite;
using Notifier.DevHost.Processes;
using Notifier.DevHost.QueueTriggers;
using Notifier.DevHost.Stack;
using Notifier.DevHost.Startup;
using Notifier.DevHost.Tests.Infrastructure;

namespace Notifier.DevHost.Tests.Stack;

/// <summary>
/// The local stack's command as a developer runs it: it prints where to go and how to publish, stops every process it
/// started on Ctrl+C and SIGTERM (closing client connections and saying what it stops), warns when it was started
/// where Ctrl+C cannot reach it, and refuses a taken port by name before starting anything.
/// </summary>
public sealed class LocalStackProcessTests : IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(40);
    private readonly string _data = Directory.CreateTempSubdirectory("notifier-devhost-process-").FullName;

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

    [Theory]
    [InlineData("INT")]
    [InlineData("TERM")]
    public async Task The_stack_prints_how_to_use_it_and_stops_every_process_it_started_on_a_signal(string signal)
    {
        var ports = DevHostProcess.FreePorts(5);
        await using var host = DevHostProcess.Start(
            "--functions-port", Text(ports[0]), "--emulator-port", Text(ports[1]),
            "--azurite-blob-port", Text(ports[2]), "--azurite-queue-port", Text(ports[3]), "--azurite-table-port", Text(ports[4]),
            "--azurite-location", _data, "--quiet");
        await host.WaitUntilReadyAsync(StartTimeout);

        var app = $"http://localhost:{ports[0]}";
        Assert.Contains($"Demo page      {app}/", host.Stdout, StringComparison.Ordinal);
        Assert.Contains($"curl -sS -X POST {app}/api/notifications", host.Stdout, StringComparison.Ordinal);
        Assert.Contains("X-Api-Key: local-development-key", host.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain(Banner.SigintIgnoredStart, host.Stdout, StringComparison.Ordinal);
        using (var http = new HttpClient())
        {
            var page = await http.GetStringAsync(new Uri($"{app}/"));
            Assert.Contains("<title>Notifier", page, StringComparison.Ordinal);
            var client = await http.GetAsync(new Uri($"{app}/client/index.js"));
            Assert.Equal(HttpStatusCode.OK, client.StatusCode);
            Assert.StartsWith("text/javascript", client.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);

            // The browsable API reference reads the app's own OpenAPI document.
            var reference = await http.GetStringAsync(new Uri($"{app}/api-reference/"));
            Assert.Contains("openapi.json", reference, StringComparison.Ordinal);
            var document = await http.GetAsync(new Uri($"{app}/api/openapi.json"));
            Assert.Equal(HttpStatusCode.OK, document.StatusCode);
        }

        Assert.All(ports, port => Assert.True(Ports.IsTaken(port), $"port {port} should be in use while the stack runs"));

        await host.SignalAsync(signal);
        Assert.Equal(0, await host.WaitForExitAsync(StopTimeout));
        Assert.Contains("Local stack stopped.", host.Stdout, StringComparison.Ordinal);

        // Azurite (a child process) is gone too: nothing holds any of the ports.
        Assert.All(ports, port => Assert.False(Ports.IsTaken(port), $"port {port} is still in use after the stack stopped"));
    }

    [Fact]
    public async Task A_queued_notification_reaches_the_inbox_and_the_queue_polls_are_not_logged()
    {
        var ports = DevHostProcess.FreePorts(5);
        await using var host = DevHostProcess.Start(
            "--functions-port", Text(ports[0]), "--emulator-port", Text(ports[1]),
            "--azurite-blob-port", Text(ports[2]), "--azurite-queue-port", Text(ports[3]), "--azurite-table-port", Text(ports[4]),
            "--azurite-location", _data);
        await host.WaitUntilReadyAsync(StartTimeout);

        var user = "queued-" + Guid.NewGuid().ToString("N")[..8];
        var storage = $"DefaultEndpointsProtocol=http;AccountName={AzuriteProcess.AccountName};AccountKey={AzuriteProcess.AccountKey};" +
            $"QueueEndpoint=http://127.0.0.1:{Text(ports[3])}/{AzuriteProcess.AccountName};";
        var queue = HostQueueClients.Create(storage, "notifications");
        using var http = new HttpClient { BaseAddress = new Uri($"http://localhost:{Text(ports[0])}") };
        http.DefaultRequestHeaders.Add("X-Notifier-User", user);
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        // Two in turn: the app starts forwarding Azure.Core's events when it first uses storage (the first message), so
        // only the polls that fetch the second one could be logged.
        for (var sent = 1; sent <= 2; sent++)
        {
            await queue.SendMessageAsync($$"""{"to":{"users":["{{user}}"]},"type":"demo.queued","title":"From the queue"}""", deadline.Token);
            while (true)
            {
                using var inbox = JsonDocument.Parse(await http.GetStringAsync(new Uri("/api/inbox", UriKind.Relative), deadline.Token));
                if (inbox.RootElement.GetProperty("items").GetArrayLength() == sent)
                {
                    break;
                }

                await Task.Delay(100, deadline.Token);
            }
        }

        // The app in the same process forwards Azure.Core's event source to its log; the queue trigger's requests
        // (every poll, with its headers) must not reach it.
        Assert.DoesNotContain("Azure.Core", host.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("/notifications/messages", host.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task On_SignalR_the_emulator_calls_the_apps_upstream_and_configures_no_Web_PubSub_event_handler()
    {
        var ports = DevHostProcess.FreePorts(5);
        await using var host = DevHostProcess.Start(DevHostProcess.Arguments(ports, _data, "--transport", "signalr", "--quiet"));
        await host.WaitUntilReadyAsync(StartTimeout);

        var user = "signalr-" + Guid.NewGuid().ToString("N")[..8];
        using var http = new HttpClient { BaseAddress = new Uri($"http://localhost:{Text(ports[0])}") };
        using var negotiate = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/negotiate", UriKind.Relative));
        negotiate.Headers.Add("X-Notifier-User", user);
        using var answer = await http.SendAsync(negotiate);
        answer.EnsureSuccessStatusCode();
        using var negotiated = JsonDocument.Parse(await answer.Content.ReadAsStringAsync());
        var token = negotiated.RootElement.GetProperty("accessToken").GetString();

        // The app says "ready" from its upstream's connected event: the emulator reached the app on SignalR's route.
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var notified = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(negotiated.RootElement.GetProperty("url").GetString()!), HttpTransportType.WebSockets, options => options.AccessTokenProvider = () => Task.FromResult(token))
            .Build();
        connection.On("ready", () => ready.TrySetResult());
        connection.On<JsonElement>("notify", envelope =>
        {
            if (envelope.GetProperty("type").GetString() == "notification")
            {
                notified.TrySetResult(envelope.Clone());
            }
        });
        await connection.StartAsync().WaitAsync(TimeSpan.FromSeconds(15));
        await ready.Task.WaitAsync(TimeSpan.FromSeconds(15));

        using var publish = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/notifications", UriKind.Relative))
        {
            Content = new StringContent($$"""{"to":{"users":["{{user}}"]},"title":"Over SignalR"}""", Encoding.UTF8, "application/json"),
        };
        publish.Headers.Add("X-Api-Key", "local-development-key");
        Assert.Equal(HttpStatusCode.Accepted, (await http.SendAsync(publish)).StatusCode);
        var envelope = await notified.Task.WaitAsync(TimeSpan.FromSeconds(15));
        Assert.Equal("Over SignalR", envelope.GetProperty("payload").GetProperty("title").GetString());

        // The Web PubSub event handler is left out: the app does not serve it on SignalR, and checking it made the
        // emulator warn at every start.
        Assert.DoesNotContain("is not allowed for origin", host.Stdout + host.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("/api/webpubsub", host.Stdout + host.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_taken_port_stops_the_start_with_a_message_naming_it_and_the_option_that_moves_it()
    {
        using var squatter = new TcpListener(IPAddress.Loopback, 0);
        squatter.Start();
        var taken = ((IPEndPoint)squatter.LocalEndpoint).Port;
        var ports = DevHostProcess.FreePorts(4);

        await using var host = DevHostProcess.Start(
            "--functions-port", Text(ports[0]), "--emulator-port", Text(taken),
            "--azurite-blob-port", Text(ports[1]), "--azurite-queue-port", Text(ports[2]), "--azurite-table-port", Text(ports[3]),
            "--azurite-location", _data);

        Assert.Equal(1, await host.WaitForExitAsync(StartTimeout));
        Assert.Contains($"port {taken} (Web PubSub emulator) is already in use", host.Stderr, StringComparison.Ordinal);
        Assert.Contains("--emulator-port", host.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(Banner.ReadyLine, host.Stdout, StringComparison.Ordinal);

        // Nothing was started: the other ports are still free.
        Assert.All(ports, port => Assert.False(Ports.IsTaken(port)));
    }

    [Theory]
    [InlineData(new[] { "--functions-port", "70000" }, "--functions-port must be a port number")]
    [InlineData(new[] { "--emulator-port" }, "--emulator-port needs a value")]
    [InlineData(new[] { "--functions-port", "9000", "--emulator-port", "9000" }, "Port 9000 is given to two services")]
    [InlineData(new[] { "--colour" }, "Unknown option '--colour'")]
    public void Bad_options_are_refused_by_name(string[] arguments, string message)
    {
        var (options, error, help) = LocalStackOptions.Parse(arguments);
        Assert.Null(options);
        Assert.False(help);
        Assert.Contains(message, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_have_the_documented_defaults_and_take_both_spellings()
    {
        var (defaults, _, _) = LocalStackOptions.Parse([]);
        Assert.Equal((7071, 8080, 10000, 10001, 10002), (defaults!.FunctionsPort, defaults.EmulatorPort, defaults.AzuriteBlobPort, defaults.AzuriteQueuePort, defaults.AzuriteTablePort));

        var (options, error, _) = LocalStackOptions.Parse(["--functions-port=7100", "--emulator-port", "8100", "--azurite-table-port=10102"]);
        Assert.Null(error);
        Assert.Equal((7100, 8100, 10102), (options!.FunctionsPort, options.EmulatorPort, options.AzuriteTablePort));
        Assert.True(LocalStackOptions.Parse(["--help"]).Help);
    }

    [Fact]
    public async Task Stopping_with_a_client_connected_closes_it_with_a_close_frame_and_says_what_it_stops()
    {
        var ports = DevHostProcess.FreePorts(5);
        await using var host = DevHostProcess.Start(DevHostProcess.Arguments(ports, _data, "--quiet"));
        await host.WaitUntilReadyAsync(StartTimeout);

        // As the demo page does: negotiate with the development identity, then connect to the URL it answers.
        Uri url;
        using (var http = new HttpClient())
        using (var negotiate = new HttpRequestMessage(HttpMethod.Post, new Uri($"http://localhost:{ports[0]}/api/negotiate")))
        {
            negotiate.Headers.Add("X-Notifier-User", "stopping-user");
            using var response = await http.SendAsync(negotiate);
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.IsSuccessStatusCode, $"negotiate answered {(int)response.StatusCode}: {body}");
            using var answer = JsonDocument.Parse(body);
            url = new Uri(answer.RootElement.GetProperty("url").GetString()!);
        }

        using var client = new ClientWebSocket();
        client.Options.AddSubProtocol(WebPubSubSubprotocols.Json);
        using var connectTimeout = new CancellationTokenSource(StartTimeout);
        await client.ConnectAsync(url, connectTimeout.Token);
        Assert.Contains("\"event\":\"connected\"", await ReceiveTextAsync(client, connectTimeout.Token), StringComparison.Ordinal);

        await host.SignalAsync("INT");

        // The service says goodbye: a close frame, not a dropped socket, so a client knows to reconnect later.
        using var closeTimeout = new CancellationTokenSource(StopTimeout);
        while (true)
        {
            var received = await client.ReceiveAsync(new byte[4096], closeTimeout.Token);
            if (received.MessageType == WebSocketMessageType.Close)
            {
                break;
            }
        }

        Assert.Equal(WebSocketCloseStatus.EndpointUnavailable, client.CloseStatus);
        await client.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, closeTimeout.Token);

        Assert.Equal(0, await host.WaitForExitAsync(StopTimeout));
        Assert.Contains("Stopping: ", host.Stdout, StringComparison.Ordinal);
        Assert.Contains("closing 1 client connection", host.Stdout, StringComparison.Ordinal);
        Assert.Contains("function app", host.Stdout, StringComparison.Ordinal);
        Assert.Contains("Azurite (saving data)", host.Stdout, StringComparison.Ordinal);
        Assert.Contains("Local stack stopped.", host.Stdout, StringComparison.Ordinal);
        Assert.Empty(AzuriteProcesses.Using(_data));
    }

    [Fact]
    public async Task Started_with_SIGINT_ignored_it_says_Ctrl_C_will_not_stop_it_and_how_to_stop_it()
    {
        var ports = DevHostProcess.FreePorts(5);
        await using var host = DevHostProcess.StartWithSigintIgnored(DevHostProcess.Arguments(ports, _data, "--quiet"));
        await host.WaitUntilReadyAsync(StartTimeout);

        // Said at start, before anything else is printed, and again as the banner's last line instead of "Press Ctrl+C".
        var lines = host.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToList();
        Assert.StartsWith(Banner.SigintIgnoredStart, lines[0], StringComparison.Ordinal);
        Assert.StartsWith(Banner.SigintIgnoredStart, lines[^1], StringComparison.Ordinal);
        Assert.Contains($"kill {host.Id}", lines[^1], StringComparison.Ordinal);
        Assert.DoesNotContain(Banner.StopLine, host.Stdout, StringComparison.Ordinal);

        // What it says works.
        await host.SignalAsync("TERM");
        Assert.Equal(0, await host.WaitForExitAsync(StopTimeout));
        Assert.Contains("Local stack stopped.", host.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Name:\tdotnet\nSigBlk:\t0000000000000000\nSigIgn:\t0000000000001006\nSigCgt:\t0000000000004a02\n", true)]
    [InlineData("Name:\tdotnet\nSigIgn:\t0000000000001004\nSigCgt:\t0000000000004a02\n", false)]
    [InlineData("SigIgn:\t0000000000000002", true)]
    [InlineData("SigIgn:\t0000000000000000\n", false)]
    [InlineData("Name:\tdotnet\n", false)]
    [InlineData("SigIgn:\tnot-hex\n", false)]
    public void SIGINT_is_read_as_ignored_from_the_SigIgn_mask_of_proc_status(string status, bool ignored)
    {
        Assert.Equal(ignored, InheritedSignals.IsSigintIgnored(status));
    }

    [Fact]
    public void The_SigIgn_mask_is_read_as_hexadecimal_with_signal_n_at_bit_n_minus_1()
    {
        Assert.Equal(0x1006UL, InheritedSignals.ParseIgnoredMask("SigPnd:\t0000000000000000\nSigIgn:\t0000000000001006\n"));
        Assert.Null(InheritedSignals.ParseIgnoredMask("SigPnd:\t0000000000000000\n"));
        Assert.True(InheritedSignals.IsIgnored(0x1006, signal: 2));
        Assert.True(InheritedSignals.IsIgnored(0x1006, signal: 3));
        Assert.False(InheritedSignals.IsIgnored(0x1006, signal: 15));
    }

    private static async Task<string> ReceiveTextAsync(ClientWebSocket client, CancellationToken cancellationToken)
    {
        var buffer = new byte[4096];
        using var text = new MemoryStream();
        WebSocketReceiveResult result;
        do
        {
            result = await client.ReceiveAsync(buffer, cancellationToken);
            text.Write(buffer, 0, result.Count);
        }
        while (!result.EndOfMessage);

        return Encoding.UTF8.GetString(text.ToArray());
    }

    private static string Text(int port) => port.ToString(CultureInfo.InvariantCulture);
}

using Notifier.Azure.WebPubSub.Protocol;
using System.Globalization;
using Azure.Storage.Queues;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Notifier.DevHost.Azurite;
using Notifier.DevHost.Demo;
using Notifier.DevHost.Operations;
using Notifier.DevHost.QueueTriggers;
using Notifier.DevHost.TimerTriggers;
using Notifier.DevHost.Startup;
using Notifier.Emulator.Connections;
using Notifier.Emulator.Hosting;
using Notifier.Functions;
using Notifier.Functions.QueueTriggers;

namespace Notifier.DevHost.Stack;

/// <summary>
/// The whole stack in one process tree: Azurite (child process), the function app standalone with the demo page, the
/// Web PubSub emulator whose event handler is the function app's <c>/api/webpubsub</c>, and the Storage queue trigger
/// that feeds <c>notifications</c> to <c>queue-notifications</c> as the Functions host does. Stops in reverse order.
/// </summary>
internal sealed class LocalStack : IAsyncDisposable
{
    public const string Hub = "notifications";
    public const string QueueName = "notifications";
    public const string QueueFunction = "queue-notifications";
    public const string PoisonBinding = "poison";
    public const string PoisonQueue = "notifications-poison";

    /// <summary>
    /// The emulator's SignalR keep-alive interval here (the service's is 15 s). SignalR clients cannot ping and wait for
    /// an answer as Web PubSub's can: the server's pings are their only sign of life, so the demo page's promise (a dead
    /// connection noticed within two seconds) needs frequent ones. The page's server timeout is three of them.
    /// </summary>
    public static readonly TimeSpan SignalRKeepAlive = TimeSpan.FromMilliseconds(500);

    private readonly CancellationTokenSource _stopping = new();
    private readonly TaskCompletionSource<string> _failed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private AzuriteProcess? _azurite;
    private WebApplication? _functions;
    private WebApplication? _emulator;
    private HttpClient? _pumpClient;
    private Task? _pump;
    private Task[] _timers = [];
    private int _disposed;

    private LocalStack(RepositoryPaths repository, LocalStackOptions options)
    {
        Repository = repository;
        Options = options;
    }

    public RepositoryPaths Repository { get; }

    public LocalStackOptions Options { get; }

    /// <summary>Gets the function app's address, which also serves the demo page.</summary>
    public Uri FunctionsEndpoint { get; private set; } = null!;

    /// <summary>Gets the Web PubSub emulator's address.</summary>
    public Uri EmulatorEndpoint { get; private set; } = null!;

    public string StorageConnectionString => _azurite!.ConnectionString;

    public string AzuriteLocation => _azurite!.Location;

    public int AzuriteProcessId => _azurite!.ProcessId;

    /// <summary>Gets the publisher API key the demo page and the printed curl line use.</summary>
    public string? ApiKey { get; private set; }

    public string? UsersMode { get; private set; }

    /// <summary>Gets the transport the app runs with (<c>Notifier:Transport</c>, after <c>--transport</c>).</summary>
    public string Transport { get; private set; } = "WebPubSub";

    /// <summary>Gets a task that completes, with the reason, if a part of the stack stops by itself.</summary>
    public Task<string> Failed => _failed.Task;

    /// <summary>Starts every part, failing early and by name on a taken port or a missing prerequisite.</summary>
    public static async Task<LocalStack> StartAsync(LocalStackOptions options, TextWriter console, CancellationToken cancellationToken)
    {
        var repository = RepositoryPaths.Locate(options.RepositoryRoot);
        var requested = new[]
        {
            (options.FunctionsPort, "function app and demo page", "--functions-port"),
            (options.EmulatorPort, "Web PubSub emulator", "--emulator-port"),
            (options.AzuriteBlobPort, "Azurite blobs", "--azurite-blob-port"),
            (options.AzuriteQueuePort, "Azurite queues", "--azurite-queue-port"),
            (options.AzuriteTablePort, "Azurite tables", "--azurite-table-port"),
        };
        Ports.EnsureFree(requested.Where(p => p.Item1 != 0));
        options.FunctionsPort = Resolve(options.FunctionsPort);
        options.EmulatorPort = Resolve(options.EmulatorPort);
        options.AzuriteBlobPort = Resolve(options.AzuriteBlobPort);
        options.AzuriteQueuePort = Resolve(options.AzuriteQueuePort);
        options.AzuriteTablePort = Resolve(options.AzuriteTablePort);

        var stack = new LocalStack(repository, options);
        try
        {
            await stack.StartPartsAsync(console, cancellationToken).ConfigureAwait(false);
            return stack;
        }
        catch
        {
            await stack.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        static int Resolve(int port) => port == 0 ? Ports.PickFree() : port;
    }

    private async Task StartPartsAsync(TextWriter console, CancellationToken cancellationToken)
    {
        var host = Options.HostName;
        FunctionsEndpoint = new Uri(string.Create(CultureInfo.InvariantCulture, $"http://{host}:{Options.FunctionsPort}/"));
        EmulatorEndpoint = new Uri(string.Create(CultureInfo.InvariantCulture, $"http://{host}:{Options.EmulatorPort}/"));

        await AzuriteProcess.EnsureInstalledAsync(Repository, console, cancellationToken).ConfigureAwait(false);
        var location = Options.AzuriteLocation ?? Repository.DefaultAzuriteLocation;
        _azurite = await AzuriteProcess.StartAsync(Repository, location, Options.AzuriteBlobPort, Options.AzuriteQueuePort, Options.AzuriteTablePort, cancellationToken)
            .ConfigureAwait(false);
        _ = WatchAzuriteAsync(_azurite);

        // The app makes no network call at start, so it can start before the emulator; the emulator checks the event
        // handler's origin (abuse protection) when it starts, so the app must already listen by then.
        var settings = FunctionAppSettings.Load(Repository, Options.ReadLocalSettings, console);
        settings["AzureWebJobsStorage"] = _azurite.ConnectionString;
        settings["WebPubSubConnection"] = $"Endpoint={Trim(EmulatorEndpoint)};AccessKey={EmulatorOptions.DefaultAccessKey};Version=1.0;";
        settings["WebPubSubHub"] = Hub;

        // The emulator is SignalR Service too, on the same port; which of the two the app uses is Notifier:Transport.
        settings["SignalRConnection"] = $"Endpoint={Trim(EmulatorEndpoint)};AccessKey={EmulatorOptions.DefaultAccessKey};Version=1.0;";
        settings["SignalRHub"] = Hub;
        if (Options.Transport is { } transport)
        {
            settings["Notifier:Transport"] = transport;
        }

        foreach (var (key, value) in Options.FunctionSettings)
        {
            settings[key] = value;
        }

        ApiKey = settings.GetValueOrDefault(FunctionAppSettings.FirstApiKeyKey);
        UsersMode = settings.GetValueOrDefault(FunctionAppSettings.UsersModeKey);
        Transport = settings.GetValueOrDefault("Notifier:Transport") is { Length: > 0 } configured ? configured : "WebPubSub";
        var groups = Enumerable.Range(0, 100)
            .Select(i => settings.GetValueOrDefault($"Notifier:Topics:{i}:Group"))
            .TakeWhile(g => g is not null)
            .Where(g => !g!.Contains('{', StringComparison.Ordinal))
            .Select(g => g!)
            .ToList();
        var demo = new DemoSettings(ApiKey, UsersMode, "X-Notifier-User", "X-Notifier-Roles", groups, (int)(SignalRKeepAlive * 3).TotalMilliseconds);

        _functions = NotifierApplication.Build(
            ["--urls", Trim(FunctionsEndpoint)],
            configuration => configuration.AddInMemoryCollection(settings),
            services =>
            {
                services.AddSingleton<IHostLifetime, StackLifetime>();
                services.AddSingleton<OperationsMonitor>();
                if (Options.Quiet)
                {
                    services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
                }
            },
            app =>
            {
                DemoPage.Map(app, Repository, demo);
                OperationsEndpoint.Map(app);
                ApiReference.Map(app);
            });
        await StartAppAsync(_functions, "function app", "--functions-port", Options.FunctionsPort, cancellationToken).ConfigureAwait(false);
        _functions.Lifetime.ApplicationStopping.Register(() => Fail("The function app stopped."));

        _emulator = BuildEmulator();
        await StartAppAsync(_emulator, "Web PubSub emulator", "--emulator-port", Options.EmulatorPort, cancellationToken).ConfigureAwait(false);
        _emulator.Lifetime.ApplicationStopping.Register(() => Fail("The Web PubSub emulator stopped."));

        _pumpClient = new HttpClient { BaseAddress = FunctionsEndpoint, Timeout = TimeSpan.FromMinutes(5) };

        // The app refuses invocations from anyone but the host; standalone, this in-process key is the proof.
        _pumpClient.DefaultRequestHeaders.Add(HostInvocationKey.HeaderName, _functions.Services.GetRequiredService<HostInvocationKey>().Value);
        QueueClient Queue(string name) => HostQueueClients.Create(_azurite.ConnectionString, name);
        var pump = new QueueTriggerPump(Queue(QueueName), Queue, _pumpClient, new QueueTriggerOptions
        {
            FunctionName = QueueFunction,
            PoisonOutput = (PoisonBinding, PoisonQueue),
            MaxDequeueCount = 5,
        }, _functions.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Notifier.DevHost.QueueTrigger"));
        await pump.EnsureQueuesAsync(cancellationToken).ConfigureAwait(false);
        _pump = Task.Run(() => pump.RunAsync(_stopping.Token), CancellationToken.None);

        // The timer functions (function.json with a timerTrigger), run on their schedules as the host runs them.
        var timerLogger = _functions.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Notifier.DevHost.TimerTrigger");
        _timers = [.. TimerFunction.ReadAll(Repository.FunctionsFolder).Select(timer =>
            Task.Run(() => new TimerTriggerRunner(timer, _pumpClient, TimeProvider.System, timerLogger).RunAsync(_stopping.Token), CancellationToken.None))];
    }

    private WebApplication BuildEmulator()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(Trim(EmulatorEndpoint));
        builder.Services.AddSingleton<IHostLifetime, StackLifetime>();
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(options =>
        {
            options.SingleLine = true;
            options.TimestampFormat = "HH:mm:ss.fff ";
        });
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.SetMinimumLevel(Options.Quiet ? LogLevel.Warning : LogLevel.Information);
        // Events go only to the endpoint the app serves on its transport: the other one answers 404, and the emulator
        // would warn about it (the Web PubSub handler's abuse-protection check at the first connection).
        var settings = new Dictionary<string, string?>
        {
            ["SignalR:KeepAliveInterval"] = SignalRKeepAlive.ToString("c", CultureInfo.InvariantCulture),
        };
        if (string.Equals(Transport, "SignalR", StringComparison.OrdinalIgnoreCase))
        {
            settings["SignalR:Upstream:0:UrlTemplate"] = new Uri(FunctionsEndpoint, "api/signalr/").AbsoluteUri + "{category}/{event}";
        }
        else
        {
            settings[$"WebPubSub:Hubs:{Hub}:EventHandlers:0:UrlTemplate"] = new Uri(FunctionsEndpoint, "api/webpubsub").AbsoluteUri;
            settings[$"WebPubSub:Hubs:{Hub}:EventHandlers:0:SystemEvents:0"] = CloudEventTypes.ConnectEventName;
            settings[$"WebPubSub:Hubs:{Hub}:EventHandlers:0:SystemEvents:1"] = CloudEventTypes.ConnectedEventName;
            settings[$"WebPubSub:Hubs:{Hub}:EventHandlers:0:SystemEvents:2"] = CloudEventTypes.DisconnectedEventName;
            settings[$"WebPubSub:Hubs:{Hub}:EventHandlers:0:EventPattern"] = "*";
        }

        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddWebPubSubEmulator(builder.Configuration);
        var app = builder.Build();
        app.MapWebPubSubEmulator();
        return app;
    }

    private static async Task StartAppAsync(WebApplication app, string service, string option, int port, CancellationToken cancellationToken)
    {
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (IOException ex) when (ex.InnerException is System.Net.Sockets.SocketException { SocketErrorCode: System.Net.Sockets.SocketError.AddressAlreadyInUse } || ex.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
        {
            throw new StartupException($"The local stack cannot start:\n  port {port} ({service}) is already in use: stop what holds it, or choose another with {option} <port>.", ex);
        }

        var addresses = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses;
        if (addresses.Count == 0)
        {
            throw new StartupException($"The {service} did not report an address.");
        }
    }

    private async Task WatchAzuriteAsync(AzuriteProcess azurite)
    {
        await azurite.Exited.ConfigureAwait(false);
        if (!azurite.IsStopping && !_stopping.IsCancellationRequested)
        {
            var output = azurite.Output.Trim();
            Fail($"Azurite exited unexpectedly (code {azurite.ExitCode?.ToString(CultureInfo.InvariantCulture) ?? "?"}).{(output.Length > 0 ? "\n" + output : string.Empty)}");
        }
    }

    private void Fail(string reason)
    {
        if (!_stopping.IsCancellationRequested)
        {
            _failed.TrySetResult(reason);
        }
    }

    private static string Trim(Uri uri) => uri.AbsoluteUri.TrimEnd('/');

    /// <summary>What <see cref="DisposeAsync"/> is about to stop, in order, for the developer waiting on it.</summary>
    public string DescribeStop()
    {
        var connections = _emulator?.Services.GetRequiredService<HubRegistry>().ConnectionCount ?? 0;
        var emulator = connections switch
        {
            0 => "Web PubSub emulator",
            1 => "Web PubSub emulator (closing 1 client connection)",
            _ => string.Create(CultureInfo.InvariantCulture, $"Web PubSub emulator (closing {connections} client connections)"),
        };
        return $"Stopping: queue trigger, {emulator}, function app, Azurite (saving data)...";
    }

    /// <summary>Stops the queue trigger, the emulator (its disconnect events still reach the app), the app, then Azurite.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        foreach (var task in _timers.Append(_pump ?? Task.CompletedTask))
        {
            try
            {
                await task.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        foreach (var app in new[] { _emulator, _functions })
        {
            if (app is null)
            {
                continue;
            }

            try
            {
                await app.StopAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
            catch (InvalidOperationException)
            {
                // Never started.
            }

            await app.DisposeAsync().ConfigureAwait(false);
        }

        _pumpClient?.Dispose();
        if (_azurite is not null)
        {
            await _azurite.DisposeAsync().ConfigureAwait(false);
        }

        _stopping.Dispose();
    }

    /// <summary>The stack handles Ctrl+C and SIGTERM itself and stops its parts in order, so the apps take no signals.</summary>
    private sealed class StackLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}

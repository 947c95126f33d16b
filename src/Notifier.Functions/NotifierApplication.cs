using Microsoft.Extensions.Options;
using Notifier.Functions.WebPubSubEvents;
using Notifier.Functions.Cleanup;
using Notifier.Functions.Health;
using Notifier.Functions.Http;
using Notifier.Functions.Identity;
using Notifier.Functions.Inbox;
using Notifier.Functions.Negotiate;
using Notifier.Functions.OpenApi;
using Notifier.Functions.Preferences;
using Notifier.Functions.Presence;
using Notifier.Functions.Publishing;
using Notifier.Functions.Runtime;
using Notifier.Functions.QueueTriggers;
using Notifier.Functions.SignalR;
using Notifier.Functions.Transport;

namespace Notifier.Functions;

/// <summary>
/// Builds the app. Under the Functions host it listens where the host says (<c>FUNCTIONS_CUSTOMHANDLER_PORT</c>, on
/// loopback); standalone it listens on <c>--urls</c>/<c>ASPNETCORE_URLS</c>, or http://localhost:7071 like <c>func start</c>.
/// </summary>
internal static partial class NotifierApplication
{
    public const string StandaloneUrl = "http://localhost:7071";

    /// <param name="args">Command-line arguments.</param>
    /// <param name="configureConfiguration">Adds configuration before the services read it (tests, the local stack).</param>
    /// <param name="configureServices">Replaces services after registration (tests: a manual clock).</param>
    /// <param name="configureApp">Adds middleware or endpoints ahead of the app's own (the local stack's demo page).</param>
    public static WebApplication Build(
        string[] args,
        Action<IConfigurationBuilder>? configureConfiguration = null,
        Action<IServiceCollection>? configureServices = null,
        Action<WebApplication>? configureApp = null)
    {
        var builder = WebApplication.CreateSlimBuilder(args);
        configureConfiguration?.Invoke(builder.Configuration);
        var port = FunctionsHost.AssignedPort(Environment.GetEnvironmentVariable);
        if (port is { } assigned)
        {
            builder.WebHost.UseUrls($"http://127.0.0.1:{assigned}");
        }
        else if (string.IsNullOrEmpty(builder.Configuration[WebHostDefaults.ServerUrlsKey]))
        {
            builder.WebHost.UseUrls(StandaloneUrl);
        }

        // Request logs would drown the app's own; configuration can still turn them back on.
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddSimpleConsole(options =>
        {
            options.SingleLine = true;
            options.TimestampFormat = "HH:mm:ss.fff ";
        });
        var hosting = new HostingFacts(
            UnderFunctionsHost: port is not null,
            FunctionsEnvironment: builder.Configuration[HostingFacts.FunctionsEnvironmentVariable],
            HostEnvironment: builder.Configuration[HostDefaults.EnvironmentKey]);
        builder.Services.AddNotifier(builder.Configuration, hosting);
        configureServices?.Invoke(builder.Services);

        var app = builder.Build();
        app.UseProblemAnswers();

        app.UseCallerPipeline();
        configureApp?.Invoke(app);
        if (configureApp is null)
        {
            // The Functions host's readiness probe needs any answer on "/".
            app.MapGet("/", () => Results.Text("Notifier function app. See /api/health.", "text/plain"));
        }

        app.MapNegotiate();
        app.MapNotifications();
        app.MapInbox();
        app.MapPreferences();
        app.MapPresence();
        app.MapHealth();
        if (TransportSetting.FromConfiguration(app.Configuration) == NotifierTransport.SignalR)
        {
            app.MapSignalRTransport();
        }
        else
        {
            app.MapWebPubSubEvents();
        }

        app.MapQueueTriggers();
        app.MapCleanup();
        app.MapApiDocument();

        app.Lifetime.ApplicationStarted.Register(() => LogStart(app.Services));
        return app;
    }

    private static void LogStart(IServiceProvider services)
    {
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("Notifier.Functions");
        var users = services.GetRequiredService<IOptions<UsersOptions>>().Value;
        var hosting = services.GetRequiredService<HostingFacts>();
        // The mode as text: an enum argument would compile the logging generics for it at every start.
        Log.Started(logger, hosting.UnderFunctionsHost ? "Functions host (custom handler)" : "standalone", users.Mode!.Value.ToString());
        if (users.Mode == UserAuthenticationMode.Development)
        {
            Log.DevelopmentMode(logger, DevelopmentHandler.UserHeader);
        }

        if (!services.GetRequiredService<CallerSchemes>().CanAuthenticatePublishers)
        {
            Log.NoPublishers(logger);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Notifier started ({Hosting}); users are identified in {Mode} mode.")]
        public static partial void Started(ILogger logger, string hosting, string mode);

        [LoggerMessage(2, LogLevel.Warning, "DEVELOPMENT MODE: anyone can act as any user by naming it in the {Header} header. Never run this mode where others can reach it.")]
        public static partial void DevelopmentMode(ILogger logger, string header);

        [LoggerMessage(3, LogLevel.Warning, "No publisher API keys or publisher token authority are configured: every publish will be refused.")]
        public static partial void NoPublishers(ILogger logger);
    }
}

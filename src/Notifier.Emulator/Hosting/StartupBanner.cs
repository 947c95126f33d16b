using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace Notifier.Emulator.Hosting;

/// <summary>Prints, once the server listens, the connection string and client endpoint to paste into an app.</summary>
internal sealed partial class StartupBanner : IHostedService
{
    private readonly IServer _server;
    private readonly IHostApplicationLifetime _lifetime;
    private readonly IOptions<EmulatorOptions> _options;
    private readonly ILogger<StartupBanner> _logger;

    public StartupBanner(IServer server, IHostApplicationLifetime lifetime, IOptions<EmulatorOptions> options, ILogger<StartupBanner> logger)
    {
        _server = server;
        _lifetime = lifetime;
        _options = options;
        _logger = logger;
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _lifetime.ApplicationStarted.Register(Print);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private void Print()
    {
        var address = _server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? "http://localhost:8080";
        var endpoint = address.Replace("://[::]", "://localhost", StringComparison.Ordinal).Replace("://0.0.0.0", "://localhost", StringComparison.Ordinal).TrimEnd('/');
        var clientEndpoint = endpoint.Replace("http://", "ws://", StringComparison.Ordinal).Replace("https://", "wss://", StringComparison.Ordinal);
        var hubs = _options.Value.Hubs.Count == 0 ? "none" : string.Join(", ", _options.Value.Hubs.Keys);
        Console.WriteLine($$"""
            Azure Web PubSub emulator (Notifier) is listening on {{endpoint}}
              Connection string: Endpoint={{endpoint}};AccessKey={{_options.Value.AccessKey}};Version=1.0;
              Client endpoint:   {{clientEndpoint}}/client/hubs/{hub}
              Hubs with event handlers: {{hubs}}
            """);
        Log.Listening(_logger, endpoint);
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Web PubSub emulator listening on {Endpoint}.")]
        public static partial void Listening(ILogger logger, string endpoint);
    }
}

using Notifier.Testing.Emulator;

namespace Notifier.Testing.Functions;

/// <summary>The settings the tests run the function app with (in-process or as a process): development users, one API key, two topic rules, no rate limits to speak of.</summary>
public static class StackSettings
{
    public const string Hub = "notifications";
    public const string ApiKey = "test-publisher-key-0123456789";
    public const string PublisherName = "tests";

    public static Dictionary<string, string?> For(string storageConnectionString, Uri webPubSubEndpoint, IDictionary<string, string?>? overrides = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = storageConnectionString,
            ["WebPubSubConnection"] = $"Endpoint={webPubSubEndpoint.AbsoluteUri.TrimEnd('/')};AccessKey={EmulatorServer.AccessKey};Version=1.0;",
            ["WebPubSubHub"] = Hub,
            ["AZURE_FUNCTIONS_ENVIRONMENT"] = "Development",
            ["Notifier:Users:Mode"] = "Development",
            ["Notifier:Publishers:ApiKeys:0:Name"] = PublisherName,
            ["Notifier:Publishers:ApiKeys:0:Key"] = ApiKey,
            ["Notifier:Topics:0:Group"] = "announcements",
            ["Notifier:Topics:0:Everyone"] = "true",
            ["Notifier:Topics:1:Group"] = "ops",
            ["Notifier:Topics:1:Role"] = "ops",
            ["Notifier:RateLimits:PublisherPerSecond"] = "100000",
            ["Notifier:RateLimits:PublisherBurst"] = "100000",
            ["Notifier:RateLimits:UserPerSecond"] = "100000",
            ["Notifier:RateLimits:UserBurst"] = "100000",
        };
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        return settings;
    }

    /// <summary>The app's settings for the SignalR transport: the emulator's SignalR Service mode on the same port.</summary>
    public static Dictionary<string, string?> SignalR(Uri emulator) => new()
    {
        ["Notifier:Transport"] = "SignalR",
        ["SignalRConnection"] = $"Endpoint={emulator.AbsoluteUri.TrimEnd('/')};AccessKey={EmulatorServer.AccessKey};Version=1.0;",
        ["SignalRHub"] = Hub,
    };

    /// <summary>The emulator's SignalR settings: every upstream call goes to the function app's <c>/api/signalr/{category}/{event}</c>.</summary>
    public static Dictionary<string, string?> EmulatorSignalR(Uri functionApp) => new()
    {
        ["SignalR:Upstream:0:UrlTemplate"] = new Uri(functionApp, "api/signalr/").AbsoluteUri + "{category}/{event}",
    };

    /// <summary>The emulator's settings: the hub's event handler is the function app's <c>/api/webpubsub</c>.</summary>
    public static Dictionary<string, string?> Emulator(Uri functionApp) => new()
    {
        [$"WebPubSub:Hubs:{Hub}:EventHandlers:0:UrlTemplate"] = new Uri(functionApp, "api/webpubsub").AbsoluteUri,
        [$"WebPubSub:Hubs:{Hub}:EventHandlers:0:SystemEvents:0"] = "connect",
        [$"WebPubSub:Hubs:{Hub}:EventHandlers:0:SystemEvents:1"] = "connected",
        [$"WebPubSub:Hubs:{Hub}:EventHandlers:0:SystemEvents:2"] = "disconnected",
        [$"WebPubSub:Hubs:{Hub}:EventHandlers:0:EventPattern"] = "*",
    };
}

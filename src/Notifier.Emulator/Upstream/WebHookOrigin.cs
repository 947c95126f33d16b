using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace Notifier.Emulator.Upstream;

/// <summary>
/// The <c>WebHook-Request-Origin</c> value: the host, without port, that handlers know the emulator by (https://learn.microsoft.com/azure/azure-web-pubsub/reference-cloud-events).
/// The .NET handler SDK builds its allow-list from its connection string's <c>Endpoint</c> host, and that connection
/// string is the one the emulator prints, so the default is the host the server listens on.
/// </summary>
internal sealed class WebHookOrigin
{
    private const string DefaultHost = "localhost";

    private readonly IOptionsMonitor<UpstreamOptions> _options;
    private readonly IServer? _server;
    private string? _listening;

    public WebHookOrigin(IOptionsMonitor<UpstreamOptions> options, IServer? server = null)
    {
        _options = options;
        _server = server;
    }

    public string Value => _options.CurrentValue.WebHookRequestOrigin is { Length: > 0 } configured ? configured : Listening();

    private string Listening()
    {
        if (_listening is { } known)
        {
            return known;
        }

        // Known once the server has started; before that (start-up validation runs after it) the default stands in.
        var address = _server?.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();
        return address is null ? DefaultHost : _listening = HostOf(address);
    }

    /// <summary>The host of a listening address; wildcard addresses are reached as <c>localhost</c>.</summary>
    internal static string HostOf(string address)
    {
        if (!Uri.TryCreate(address, UriKind.Absolute, out var uri) || uri.Host.Length == 0)
        {
            return DefaultHost;
        }

        return uri.Host is "0.0.0.0" or "[::]" or "+" or "*" ? DefaultHost : uri.Host;
    }
}

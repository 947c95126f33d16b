using Notifier.Azure.WebPubSub.Protocol;
using Notifier.Azure.WebPubSub.Rest;
using Notifier.Functions.AzureClients;

namespace Notifier.Functions.Push;

/// <summary>
/// The Web PubSub resource from the <c>WebPubSubConnection</c> settings, in the Functions binding's forms: a
/// connection string, or <c>WebPubSubConnection__serviceUri</c> with a managed identity
/// (<c>__credential=managedidentity</c>, <c>__clientId</c>). The hub is <c>WebPubSubHub</c>.
/// </summary>
internal sealed class WebPubSubConnection
{
    public const string SettingName = "WebPubSubConnection";
    public const string HubSettingName = "WebPubSubHub";

    private WebPubSubConnection(string hub, Uri endpoint, WebPubSubConnectionString? connectionString, IConfigurationSection section)
    {
        Hub = hub;
        Endpoint = endpoint;
        ConnectionString = connectionString;
        Section = section;
    }

    public string Hub { get; }

    public Uri Endpoint { get; }

    /// <summary>Gets the parsed connection string, or <see langword="null"/> for an identity-based connection (no access key).</summary>
    public WebPubSubConnectionString? ConnectionString { get; }

    private IConfigurationSection Section { get; }

    public static WebPubSubConnection FromConfiguration(IConfiguration configuration)
    {
        var hub = configuration[HubSettingName];
        if (string.IsNullOrWhiteSpace(hub))
        {
            throw new InvalidOperationException($"Set '{HubSettingName}' to the Web PubSub hub name (for example 'notifications').");
        }

        var section = configuration.GetSection(SettingName);
        if (!string.IsNullOrWhiteSpace(section.Value))
        {
            var parsed = WebPubSubConnectionString.Parse(section.Value);
            return new WebPubSubConnection(hub, parsed.Endpoint, parsed, section);
        }

        if (section["serviceUri"] is { Length: > 0 } serviceUri)
        {
            return new WebPubSubConnection(hub, new Uri(serviceUri), null, section);
        }

        throw new InvalidOperationException(
            $"Web PubSub is not configured: set '{SettingName}' to a connection string, or '{SettingName}__serviceUri' for an identity-based connection.");
    }

    public WebPubSubRestClient CreateClient(WebPubSubRestClientOptions options) => ConnectionString is not null
        ? new WebPubSubRestClient(Section.Value!, Hub, options)
        : new WebPubSubRestClient(Endpoint, Hub, CredentialFactory.Create(Section), options);
}

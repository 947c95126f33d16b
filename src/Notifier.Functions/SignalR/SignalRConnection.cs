using Notifier.Azure.SignalR.Protocol;
using Notifier.Azure.SignalR.Rest;
using Notifier.Functions.AzureClients;

namespace Notifier.Functions.SignalR;

/// <summary>
/// The SignalR Service resource from the <c>SignalRConnection</c> settings, in the same forms as Web PubSub's: a
/// connection string (<c>Endpoint=…;AccessKey=…;Version=1.0;</c>), or <c>SignalRConnection__serviceUri</c> with a
/// managed identity (<c>__credential=managedidentity</c>, <c>__clientId</c>). The hub is <c>SignalRHub</c>
/// (default <c>notifications</c>).
/// </summary>
internal sealed class SignalRConnection
{
    public const string SettingName = "SignalRConnection";
    public const string HubSettingName = "SignalRHub";
    public const string DefaultHub = "notifications";

    private SignalRConnection(string hub, Uri endpoint, string? connectionString, IConfigurationSection section)
    {
        Hub = hub;
        Endpoint = endpoint;
        ConnectionString = connectionString;
        Section = section;
    }

    public string Hub { get; }

    public Uri Endpoint { get; }

    /// <summary>Gets the connection string with its access key, or <see langword="null"/> for an identity-based connection.</summary>
    public string? ConnectionString { get; }

    private IConfigurationSection Section { get; }

    public static SignalRConnection FromConfiguration(IConfiguration configuration)
    {
        var hub = configuration[HubSettingName] is { Length: > 0 } configured ? configured : DefaultHub;
        if (!SignalRNames.IsValidHub(hub))
        {
            throw new InvalidOperationException($"'{HubSettingName}' is '{hub}', which is not a SignalR hub name (a letter, then letters, digits or _`,.[], at most 128).");
        }

        var section = configuration.GetSection(SettingName);
        if (!string.IsNullOrWhiteSpace(section.Value))
        {
            if (!SignalRConnectionString.TryParse(section.Value, out var parsed))
            {
                throw new InvalidOperationException($"'{SettingName}' is not a SignalR Service connection string (Endpoint=…;AccessKey=…;Version=1.0;).");
            }

            if (parsed.AccessKey is null)
            {
                throw new InvalidOperationException($"'{SettingName}' has no AccessKey: use '{SettingName}__serviceUri' for an identity-based connection.");
            }

            return new SignalRConnection(hub, parsed.Endpoint, section.Value, section);
        }

        if (section["serviceUri"] is { Length: > 0 } serviceUri)
        {
            if (!Uri.TryCreate(serviceUri, UriKind.Absolute, out var endpoint) || (endpoint.Scheme != Uri.UriSchemeHttps && endpoint.Scheme != Uri.UriSchemeHttp))
            {
                throw new InvalidOperationException($"'{SettingName}__serviceUri' must be an absolute https URL.");
            }

            return new SignalRConnection(hub, endpoint, null, section);
        }

        throw new InvalidOperationException(
            $"The transport is SignalR but SignalR Service is not configured: set '{SettingName}' to a connection string, or '{SettingName}__serviceUri' for an identity-based connection.");
    }

    public SignalRRestClient CreateClient(SignalRRestClientOptions options) => ConnectionString is not null
        ? new SignalRRestClient(ConnectionString, Hub, options)
        : new SignalRRestClient(Endpoint, Hub, CredentialFactory.Create(Section), options);
}

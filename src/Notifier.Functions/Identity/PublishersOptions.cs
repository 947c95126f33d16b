namespace Notifier.Functions.Identity;

/// <summary>
/// Who may publish and read notification status (section <c>Notifier:Publishers</c>). Behind the Functions host the
/// host's function keys protect those routes; standalone, an API key or an Entra ID token with the app role is needed.
/// </summary>
internal sealed class PublishersOptions
{
    public const string Section = "Notifier:Publishers";

    /// <summary>Gets the API keys (standalone hosting).</summary>
    public IList<ApiKeyOptions> ApiKeys { get; } = [];

    /// <summary>Gets or sets the OpenID Connect authority for publisher tokens (client-credentials tokens of backend apps).</summary>
    public string? Authority { get; set; }

    /// <summary>Gets or sets the audience publisher tokens must have.</summary>
    public string? Audience { get; set; }

    /// <summary>Gets or sets the app role a publisher token must carry.</summary>
    public string AppRole { get; set; } = "Notifications.Publish";
}

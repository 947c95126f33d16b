namespace Notifier.Functions.Identity;

/// <summary>One publisher API key for standalone hosting.</summary>
internal sealed class ApiKeyOptions
{
    /// <summary>Gets or sets the publisher's name, recorded with what it publishes.</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>Gets or sets the key.</summary>
    public string Key { get; set; } = string.Empty;
}

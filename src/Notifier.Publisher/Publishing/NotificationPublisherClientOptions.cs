using Azure.Core;

namespace Notifier.Publisher;

/// <summary>
/// Options of <see cref="NotificationPublisherClient"/>: retries (<see cref="ClientOptions.Retry"/>: 3 retries from
/// 0.8 s by default), diagnostics, transport, where a key is sent, the token scope, and the service's limits to check
/// locally.
/// </summary>
public sealed class NotificationPublisherClientOptions : ClientOptions
{
    private const ServiceVersion LatestVersion = ServiceVersion.V1;

    /// <summary>Creates options for a version of the service's HTTP contract (the latest by default).</summary>
    /// <param name="version">The version.</param>
    public NotificationPublisherClientOptions(ServiceVersion version = LatestVersion)
    {
        if (version != ServiceVersion.V1)
        {
            throw new ArgumentOutOfRangeException(nameof(version), version, "Unknown Notifier service version.");
        }

        Version = version;
    }

    /// <summary>The versions of the service's HTTP contract (docs/openapi.json, <c>info.version</c>).</summary>
    public enum ServiceVersion
    {
        /// <summary>Version 1: publish, batches of up to 100, status.</summary>
        V1 = 1,
    }

    /// <summary>Gets the contract version this client speaks.</summary>
    public ServiceVersion Version { get; }

    /// <summary>Gets or sets which headers carry an <see cref="Azure.AzureKeyCredential"/>. Default <see cref="PublisherKeyHeaders.Both"/>.</summary>
    public PublisherKeyHeaders KeyHeaders { get; set; } = PublisherKeyHeaders.Both;

    /// <summary>
    /// Gets or sets the scope a <see cref="TokenCredential"/> is asked for: the app's publisher audience
    /// (<c>Notifier:Publishers:Audience</c>) followed by <c>/.default</c>, such as <c>api://notifier-api/.default</c>.
    /// Required with a token credential.
    /// </summary>
    public string? Scope { get; set; }

    /// <summary>Gets or sets the longest <see cref="Notification.TtlSeconds"/> checked locally: the service's <c>Notifier:Limits:MaxTtl</c> (30 days by default).</summary>
    public int MaxTtlSeconds { get; set; } = 30 * 24 * 60 * 60;

    /// <summary>Gets or sets the most recipients a batch may name over its notifications, checked locally: the service's <c>Notifier:Limits:MaxRecipientsPerRequest</c> (2,000 by default).</summary>
    public int MaxRecipientsPerRequest { get; set; } = 2000;

    /// <summary>Gets or sets the clock retries wait on. Tests replace it; everyone else leaves it alone.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;
}

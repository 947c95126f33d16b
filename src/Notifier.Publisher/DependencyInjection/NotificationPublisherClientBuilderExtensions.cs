using Azure;
using Azure.Core.Extensions;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.Configuration;

namespace Notifier.Publisher;

/// <summary>
/// Registers <see cref="NotificationPublisherClient"/> with Microsoft.Extensions.Azure:
/// <c>services.AddAzureClients(b =&gt; b.AddNotificationPublisher(configuration.GetSection("Notifier")))</c>. Named
/// registrations (<c>.WithName</c>), shared credentials (<c>UseCredential</c>) and option defaults
/// (<c>ConfigureDefaults</c>) work as for any Azure client.
/// </summary>
public static class NotificationPublisherClientBuilderExtensions
{
    /// <summary>Registers a client that sends a publisher key.</summary>
    /// <typeparam name="TBuilder">The builder.</typeparam>
    /// <param name="builder">The builder of <c>AddAzureClients</c>.</param>
    /// <param name="endpoint">The function app.</param>
    /// <param name="credential">The API key (standalone) or function key (Azure).</param>
    /// <returns>The registration, for <c>ConfigureOptions</c> and <c>WithName</c>.</returns>
    public static IAzureClientBuilder<NotificationPublisherClient, NotificationPublisherClientOptions> AddNotificationPublisher<TBuilder>(this TBuilder builder, Uri endpoint, AzureKeyCredential credential)
        where TBuilder : IAzureClientFactoryBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(credential);
        return builder.RegisterClientFactory<NotificationPublisherClient, NotificationPublisherClientOptions>(options => new NotificationPublisherClient(endpoint, credential, options));
    }

    /// <summary>Registers a client that sends an Entra ID token from the registration's credential (<c>WithCredential</c>, <c>UseCredential</c>); set <see cref="NotificationPublisherClientOptions.Scope"/>.</summary>
    /// <typeparam name="TBuilder">The builder.</typeparam>
    /// <param name="builder">The builder of <c>AddAzureClients</c>.</param>
    /// <param name="endpoint">The function app.</param>
    /// <returns>The registration, for <c>ConfigureOptions</c> and <c>WithName</c>.</returns>
    public static IAzureClientBuilder<NotificationPublisherClient, NotificationPublisherClientOptions> AddNotificationPublisher<TBuilder>(this TBuilder builder, Uri endpoint)
        where TBuilder : IAzureClientFactoryBuilderWithCredential
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(endpoint);
        return builder.RegisterClientFactory<NotificationPublisherClient, NotificationPublisherClientOptions>((options, credential) => new NotificationPublisherClient(endpoint, credential, options));
    }

    /// <summary>
    /// Registers a client from configuration: <c>Endpoint</c> (required), then <c>ApiKey</c> for a key client, or else
    /// the registration's token credential with <c>Scope</c>; the other keys bind
    /// <see cref="NotificationPublisherClientOptions"/> (<c>KeyHeaders</c>, <c>Retry:MaxRetries</c>, <c>MaxTtlSeconds</c> …).
    /// </summary>
    /// <typeparam name="TBuilder">The builder.</typeparam>
    /// <param name="builder">The builder of <c>AddAzureClients</c>.</param>
    /// <param name="configuration">The section, such as <c>Notifier:Publisher</c>.</param>
    /// <returns>The registration, for <c>ConfigureOptions</c> and <c>WithName</c>.</returns>
    public static IAzureClientBuilder<NotificationPublisherClient, NotificationPublisherClientOptions> AddNotificationPublisher<TBuilder>(this TBuilder builder, IConfiguration configuration)
        where TBuilder : IAzureClientFactoryBuilderWithCredential
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configuration);
        var apiKey = configuration["ApiKey"];
        return builder.RegisterClientFactory<NotificationPublisherClient, NotificationPublisherClientOptions>(
            (options, credential) =>
            {
                var endpoint = Endpoint(configuration);
                if (!string.IsNullOrEmpty(apiKey))
                {
                    return new NotificationPublisherClient(endpoint, new AzureKeyCredential(apiKey), options);
                }

                return credential is null
                    ? throw new InvalidOperationException($"'{Path(configuration, "ApiKey")}' is not set and the registration has no token credential: set the key, or a credential (WithCredential, UseCredential) and '{Path(configuration, "Scope")}'.")
                    : new NotificationPublisherClient(endpoint, credential, options);
            },
            requiresCredential: string.IsNullOrEmpty(apiKey))
            .ConfigureOptions(configuration);
    }

    private static Uri Endpoint(IConfiguration configuration) =>
        Uri.TryCreate(configuration["Endpoint"], UriKind.Absolute, out var endpoint)
            ? endpoint
            : throw new InvalidOperationException($"'{Path(configuration, "Endpoint")}' must be the function app's absolute URL, such as http://localhost:7071; it is '{configuration["Endpoint"]}'.");

    private static string Path(IConfiguration configuration, string key) =>
        configuration is IConfigurationSection section ? section.Path + ":" + key : key;
}

using Azure.Core;
using Azure.Data.Tables;
using Microsoft.Extensions.Azure;
using Notifier.Functions.AzureClients;
using Notifier.Functions.Telemetry;

namespace Notifier.Functions.Storage;

/// <summary>
/// The storage account from the <c>AzureWebJobsStorage</c> settings the Functions host also reads: a connection
/// string (Azurite: <c>UseDevelopmentStorage=true</c>), or the identity-based form
/// (<c>AzureWebJobsStorage__accountName</c> or <c>__tableServiceUri</c>/<c>__queueServiceUri</c>, with
/// <c>__credential=managedidentity</c> and <c>__clientId</c> for a user-assigned identity).
/// </summary>
internal sealed class StorageConnection
{
    public const string SettingName = "AzureWebJobsStorage";

    private readonly string? _connectionString;
    private readonly Uri? _tableEndpoint;
    private readonly TokenCredential? _credential;

    private StorageConnection(string? connectionString, Uri? tableEndpoint, TokenCredential? credential)
    {
        _connectionString = connectionString;
        _tableEndpoint = tableEndpoint;
        _credential = credential;
    }

    public static StorageConnection FromConfiguration(IConfiguration configuration)
    {
        var section = configuration.GetSection(SettingName);
        if (!string.IsNullOrWhiteSpace(section.Value))
        {
            StorageConnectionStringShape.Validate(section.Value, SettingName);
            return new StorageConnection(section.Value, null, null);
        }

        var account = section["accountName"];
        var table = section["tableServiceUri"] is { Length: > 0 } t ? new Uri(t) : account is { Length: > 0 } ? new Uri($"https://{account}.table.core.windows.net") : null;

        // The app itself only reads tables, but the host's queue trigger reads the same settings: without a queue
        // endpoint it cannot start, so a half-configured connection stops the app here, naming what is missing.
        var queue = section["queueServiceUri"] is { Length: > 0 } || account is { Length: > 0 };
        if (table is null || !queue)
        {
            throw new InvalidOperationException(
                $"Storage is not configured: set '{SettingName}' to a connection string, or '{SettingName}__accountName' (or '__tableServiceUri' and '__queueServiceUri') for an identity-based connection.");
        }

        return new StorageConnection(null, table, CredentialFactory.Create(section));
    }

    /// <summary>
    /// Registers the <see cref="TableServiceClient"/>. The factory creates it on first use, so the app still makes
    /// no network call, and builds no pipeline, before its first request.
    /// </summary>
    public void AddTableServiceClient(AzureClientFactoryBuilder clients)
    {
        var registration = _connectionString is not null
            ? clients.AddTableServiceClient(_connectionString)
            : clients.AddTableServiceClient(_tableEndpoint!).WithCredential(_credential!);
        registration.ConfigureOptions((options, services) =>
        {
            AzureClientPolicy.ConfigureRetries(options.Retry);
            AzureClientPolicy.ConfigureDiagnostics(options.Diagnostics);
            options.AddPolicy(new StorageTelemetryPolicy(services.GetRequiredService<NotifierMetrics>(), TableNames.All), HttpPipelinePosition.PerCall);
        });
    }
}

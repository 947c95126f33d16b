using Azure.Core;
using Notifier.Azure.Storage.ConnectionStrings;
using Notifier.Azure.Storage.Queues;
using Notifier.Azure.Storage.Tables;
using Notifier.Functions.Hosting;

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
    private readonly Uri? _queueEndpoint;
    private readonly TokenCredential? _credential;

    private StorageConnection(string? connectionString, Uri? tableEndpoint, Uri? queueEndpoint, TokenCredential? credential)
    {
        _connectionString = connectionString;
        _tableEndpoint = tableEndpoint;
        _queueEndpoint = queueEndpoint;
        _credential = credential;
    }

    /// <summary>Gets a description safe to log (no keys).</summary>
    public string Description => _connectionString is not null
        ? "connection string for " + StorageConnectionString.Parse(_connectionString).TableEndpoint
        : $"identity-based connection to {_tableEndpoint}";

    public static StorageConnection FromConfiguration(IConfiguration configuration)
    {
        var section = configuration.GetSection(SettingName);
        if (!string.IsNullOrWhiteSpace(section.Value))
        {
            // Parse now so that a malformed string fails at start, not at the first request.
            _ = StorageConnectionString.Parse(section.Value);
            return new StorageConnection(section.Value, null, null, null);
        }

        var account = section["accountName"];
        var table = section["tableServiceUri"] is { Length: > 0 } t ? new Uri(t) : account is { Length: > 0 } ? new Uri($"https://{account}.table.core.windows.net") : null;
        var queue = section["queueServiceUri"] is { Length: > 0 } q ? new Uri(q) : account is { Length: > 0 } ? new Uri($"https://{account}.queue.core.windows.net") : null;
        if (table is null || queue is null)
        {
            throw new InvalidOperationException(
                $"Storage is not configured: set '{SettingName}' to a connection string, or '{SettingName}__accountName' (or '__tableServiceUri' and '__queueServiceUri') for an identity-based connection.");
        }

        return new StorageConnection(null, table, queue, CredentialFactory.Create(section));
    }

    public TableStorageClient CreateTableClient(string tableName)
    {
        var options = new TableStorageClientOptions();
        ConfigureRetries(options.Retry);
        return _connectionString is not null
            ? new TableStorageClient(_connectionString, tableName, options)
            : new TableStorageClient(_tableEndpoint!, tableName, _credential!, options);
    }

    public StorageQueueClient CreateQueueClient(string queueName)
    {
        var options = new StorageQueueClientOptions();
        ConfigureRetries(options.Retry);
        return _connectionString is not null
            ? new StorageQueueClient(_connectionString, queueName, options)
            : new StorageQueueClient(_queueEndpoint!, queueName, _credential!, options);
    }

    /// <summary>
    /// Short retries: a publisher waiting on a 202 is better served by a quick 503 it can retry than by the SDK
    /// default's six seconds of back-off; queue invocations are redelivered by the host anyway.
    /// </summary>
    internal static void ConfigureRetries(RetryOptions retry)
    {
        retry.Mode = RetryMode.Exponential;
        retry.MaxRetries = 2;
        retry.Delay = TimeSpan.FromMilliseconds(200);
        retry.MaxDelay = TimeSpan.FromSeconds(2);
        retry.NetworkTimeout = TimeSpan.FromSeconds(15);
    }
}

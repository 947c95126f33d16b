using Azure;

namespace Notifier.Azure.Storage.ConnectionStrings;

/// <summary>
/// A parsed Azure Storage account connection string (account name, key and service endpoints).
/// </summary>
/// <remarks>
/// Accepts <c>;</c>-separated <c>key=value</c> pairs with case-insensitive keys; a value may itself contain <c>=</c>
/// (account keys end in <c>==</c>). Understood keys: <c>DefaultEndpointsProtocol</c>, <c>AccountName</c>,
/// <c>AccountKey</c>, <c>EndpointSuffix</c>, <c>TableEndpoint</c>, <c>QueueEndpoint</c>, <c>BlobEndpoint</c> and
/// <c>UseDevelopmentStorage=true</c> (Azurite on 127.0.0.1 with the well-known development account). Other keys are
/// ignored, except <c>SharedAccessSignature</c>, which is rejected because SAS authentication is not supported.
/// </remarks>
public sealed class StorageConnectionString
{
    /// <summary>The account name of the Azurite/Storage Emulator development account.</summary>
    public const string DevelopmentAccountName = "devstoreaccount1";

    /// <summary>The well-known (public) account key of the development account.</summary>
    public const string DevelopmentAccountKey =
        "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private const string DefaultEndpointSuffix = "core.windows.net";

    private StorageConnectionString(string accountName, string accountKey, Uri blobEndpoint, Uri queueEndpoint, Uri tableEndpoint)
    {
        AccountName = accountName;
        AccountKey = accountKey;
        BlobEndpoint = blobEndpoint;
        QueueEndpoint = queueEndpoint;
        TableEndpoint = tableEndpoint;
    }

    /// <summary>Gets the storage account name.</summary>
    public string AccountName { get; }

    /// <summary>Gets the base64 account key.</summary>
    public string AccountKey { get; }

    /// <summary>Gets the Blob service endpoint (for completeness; this library has no blob client).</summary>
    public Uri BlobEndpoint { get; }

    /// <summary>Gets the Queue service endpoint, e.g. <c>https://acct.queue.core.windows.net/</c>.</summary>
    public Uri QueueEndpoint { get; }

    /// <summary>Gets the Table service endpoint, e.g. <c>https://acct.table.core.windows.net/</c>.</summary>
    public Uri TableEndpoint { get; }

    /// <summary>Creates a credential for Shared Key authentication from the account name and key.</summary>
    /// <returns>A new <see cref="AzureNamedKeyCredential"/>.</returns>
    public AzureNamedKeyCredential GetCredential() => new(AccountName, AccountKey);

    /// <summary>Parses a connection string.</summary>
    /// <param name="connectionString">The connection string.</param>
    /// <returns>The parsed connection string.</returns>
    /// <exception cref="ArgumentException">The string is malformed or lacks a required key (the message names it).</exception>
    public static StorageConnectionString Parse(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var values = Split(connectionString);

        if (values.TryGetValue("UseDevelopmentStorage", out var development)
            && string.Equals(development, "true", StringComparison.OrdinalIgnoreCase))
        {
            return new StorageConnectionString(
                DevelopmentAccountName,
                DevelopmentAccountKey,
                new Uri("http://127.0.0.1:10000/devstoreaccount1"),
                new Uri("http://127.0.0.1:10001/devstoreaccount1"),
                new Uri("http://127.0.0.1:10002/devstoreaccount1"));
        }

        if (values.ContainsKey("SharedAccessSignature") && !values.ContainsKey("AccountKey"))
        {
            throw new ArgumentException(
                "Shared access signature connection strings are not supported; use an account key or a TokenCredential.",
                nameof(connectionString));
        }

        var accountName = Required(values, "AccountName", nameof(connectionString));
        var accountKey = Required(values, "AccountKey", nameof(connectionString));
        var protocol = values.GetValueOrDefault("DefaultEndpointsProtocol", "https");
        if (protocol is not ("http" or "https"))
        {
            throw new ArgumentException(
                $"The connection string value 'DefaultEndpointsProtocol' must be 'http' or 'https', not '{protocol}'.",
                nameof(connectionString));
        }

        var suffix = values.GetValueOrDefault("EndpointSuffix", DefaultEndpointSuffix);
        return new StorageConnectionString(
            accountName,
            accountKey,
            Endpoint(values, "BlobEndpoint", protocol, accountName, "blob", suffix, nameof(connectionString)),
            Endpoint(values, "QueueEndpoint", protocol, accountName, "queue", suffix, nameof(connectionString)),
            Endpoint(values, "TableEndpoint", protocol, accountName, "table", suffix, nameof(connectionString)));
    }

    private static Dictionary<string, string> Split(string connectionString)
    {
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var position = 0;
        foreach (var segment in connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            position++;
            var separator = segment.IndexOf('=', StringComparison.Ordinal);
            if (separator <= 0)
            {
                // The segment itself is not echoed: it may be a pasted account key.
                throw new ArgumentException(
                    $"Segment {position} of the connection string is not of the form key=value.", nameof(connectionString));
            }

            var key = segment[..separator].Trim();
            if (!values.TryAdd(key, segment[(separator + 1)..].Trim()))
            {
                throw new ArgumentException($"The connection string contains '{key}' more than once.", nameof(connectionString));
            }
        }

        return values;
    }

    private static string Required(Dictionary<string, string> values, string key, string paramName) =>
        values.TryGetValue(key, out var value) && value.Length > 0
            ? value
            : throw new ArgumentException($"The connection string is missing the required '{key}' value.", paramName);

    private static Uri Endpoint(
        Dictionary<string, string> values, string key, string protocol, string account, string service, string suffix, string paramName)
    {
        if (values.TryGetValue(key, out var explicitEndpoint))
        {
            return Uri.TryCreate(explicitEndpoint, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
                ? uri
                : throw new ArgumentException($"The connection string value '{key}' is not an absolute http(s) URI.", paramName);
        }

        return new Uri($"{protocol}://{account}.{service}.{suffix}/");
    }
}

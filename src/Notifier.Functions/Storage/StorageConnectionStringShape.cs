namespace Notifier.Functions.Storage;

/// <summary>
/// Checks at start that a storage connection string has a usable shape, so a malformed setting stops the app with a
/// message naming it. Building a <c>TableServiceClient</c> would check it too, but costs the cold start tens of
/// milliseconds of pipeline set-up before the first request; the client parses the string again when first used.
/// Messages never repeat values, which may hold the account key.
/// </summary>
internal static class StorageConnectionStringShape
{
    private static readonly HashSet<string> Keywords = new(
        [
            "AccountName", "AccountKey", "DefaultEndpointsProtocol", "EndpointSuffix", "SharedAccessSignature",
            "UseDevelopmentStorage", "DevelopmentStorageProxyUri", "TableEndpoint", "QueueEndpoint", "BlobEndpoint", "FileEndpoint",
        ],
        StringComparer.OrdinalIgnoreCase);

    public static void Validate(string connectionString, string settingName)
    {
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var segment in connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = segment.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw Invalid(settingName, "every part must be 'key=value'");
            }

            var key = segment[..equals].Trim();
            if (!values.TryAdd(key, segment[(equals + 1)..].Trim()))
            {
                // Only a keyword is named: a stray part of a base64 key has '=' too and would pass for a key.
                throw Invalid(settingName, Keywords.Contains(key) ? $"'{key}' appears twice" : "a key appears twice");
            }
        }

        foreach (var endpoint in new[] { "TableEndpoint", "QueueEndpoint", "BlobEndpoint" })
        {
            if (values.TryGetValue(endpoint, out var value) && !Uri.TryCreate(value, UriKind.Absolute, out _))
            {
                throw Invalid(settingName, $"'{endpoint}' is not an absolute URI");
            }
        }

        var development = values.TryGetValue("UseDevelopmentStorage", out var use) && bool.TryParse(use, out var on) && on;
        var accountKey = values.ContainsKey("AccountName") && values.ContainsKey("AccountKey");
        var signature = values.ContainsKey("SharedAccessSignature") && (values.ContainsKey("TableEndpoint") || values.ContainsKey("AccountName"));
        if (!development && !accountKey && !signature)
        {
            throw Invalid(settingName, "it needs 'UseDevelopmentStorage=true', 'AccountName' with 'AccountKey', or a 'SharedAccessSignature' with its endpoints");
        }
    }

    private static InvalidOperationException Invalid(string settingName, string reason) =>
        new($"'{settingName}' is not a valid storage connection string: {reason}.");
}

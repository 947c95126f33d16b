namespace Notifier.Infra.Tests.Checks;

/// <summary>Checks local.settings.sample.json against the app settings the deployment gives the function app.</summary>
internal static class SettingsCoverage
{
    /// <summary>Prefix of the settings the app itself defines (as opposed to the platform's).</summary>
    public const string AppSettingPrefix = "Notifier__";

    // The setting of the identity-based form that names the service, per connection; other connections may use
    // any of ServiceProperties.
    private static readonly Dictionary<string, string> KnownConnections = new(StringComparer.Ordinal)
    {
        ["AzureWebJobsStorage"] = "accountName",
        ["WebPubSubConnection"] = "serviceUri",
        ["SignalRConnection"] = "serviceUri",
        ["ServiceBusConnection"] = "fullyQualifiedNamespace",
    };

    private static readonly string[] ServiceProperties =
    [
        "accountName", "serviceUri", "fullyQualifiedNamespace", "blobServiceUri", "queueServiceUri", "tableServiceUri",
    ];

    public static IReadOnlyCollection<string> KnownConnectionNames => KnownConnections.Keys;

    /// <summary>
    /// Every sample key must be set by the Bicep, be a connection set in its identity-based form, be provided
    /// otherwise, or be declared local-only; the policy's lists must not be stale; local-only keys must not be set.
    /// </summary>
    public static IReadOnlyList<string> Check(
        IReadOnlyList<KeyValuePair<string, string>> sample,
        IReadOnlyList<InfraAppSetting> infra,
        IReadOnlyCollection<string> connectionNames,
        SettingsPolicy policy)
    {
        var findings = new List<string>();
        var infraKeys = infra.Select(s => s.NormalizedKey).ToHashSet(StringComparer.Ordinal);
        var sampleKeys = sample.Select(s => SettingKeys.Normalize(s.Key)).ToHashSet(StringComparer.Ordinal);
        var connections = connectionNames.Concat(KnownConnections.Keys).ToHashSet(StringComparer.Ordinal);

        foreach (var (key, value) in sample)
        {
            var normalized = SettingKeys.Normalize(key);
            if (policy.LocalOnly.ContainsKey(normalized))
            {
                if (infraKeys.Contains(normalized))
                {
                    findings.Add(
                        $"'{key}' is declared local-only ({policy.LocalOnly[normalized]}) but {InfraAppSetting.DeclaredIn} "
                        + "sets it: remove it from the Bicep, or drop it from the local-only list if Azure needs it.");
                }

                continue;
            }

            if (policy.ProvidedOtherwise.TryGetValue(normalized, out var provided))
            {
                if (provided(value) is { } problem)
                {
                    findings.Add($"'{key}': {problem}");
                }

                continue;
            }

            if (connections.Contains(key))
            {
                findings.AddRange(CheckConnection(key, infraKeys).Select(problem =>
                    $"'{key}' is a connection in {LocalSettingsSample.RelativePath}; {problem}"));
                continue;
            }

            if (!infraKeys.Contains(normalized))
            {
                findings.Add(
                    $"'{key}' is in {LocalSettingsSample.RelativePath} but {InfraAppSetting.DeclaredIn} does not set it: "
                    + "add it to `appSettings` there (a parameter in infra/main.bicep if it varies per deployment), or, "
                    + "if it must not reach Azure, to LocalOnlySettings in tests/Notifier.Infra.Tests with the reason.");
            }
        }

        foreach (var (key, reason) in policy.LocalOnly.Concat(policy.ProvidedOtherwise.Keys.Select(k => new KeyValuePair<string, string>(k, ""))))
        {
            if (!sampleKeys.Contains(key))
            {
                findings.Add(
                    $"'{key}' is listed in tests/Notifier.Infra.Tests ({(reason.Length > 0 ? reason : "provided otherwise")}) "
                    + $"but {LocalSettingsSample.RelativePath} no longer has it: delete the stale entry.");
            }
        }

        foreach (var setting in infra.Where(s => s.Key.StartsWith(AppSettingPrefix, StringComparison.Ordinal)))
        {
            if (!sampleKeys.Contains(setting.NormalizedKey) && !policy.InfraOnly.ContainsKey(setting.NormalizedKey))
            {
                findings.Add(
                    $"'{setting.Key}' is set by {InfraAppSetting.DeclaredIn} but {LocalSettingsSample.RelativePath} does not "
                    + "list it: the app never reads it unless the sample (which lists every setting the app reads) says so. "
                    + "Add it to the sample, or to InfraOnlySettings in tests/Notifier.Infra.Tests with the reason.");
            }
        }

        foreach (var (key, reason) in policy.InfraOnly)
        {
            if (sampleKeys.Contains(key))
            {
                findings.Add(
                    $"'{key}' is listed in InfraOnlySettings ({reason}) but {LocalSettingsSample.RelativePath} has it now: "
                    + "delete the stale entry.");
            }
            else if (!infraKeys.Contains(key))
            {
                findings.Add($"'{key}' is listed in InfraOnlySettings but {InfraAppSetting.DeclaredIn} does not set it: delete the stale entry.");
            }
        }

        return findings;
    }

    /// <summary>
    /// The problems with how the Bicep provides connection <paramref name="connection"/>: it must use the
    /// identity-based form (<c>__accountName</c>/<c>__serviceUri</c>/<c>__fullyQualifiedNamespace</c>, with
    /// <c>__credential</c> and <c>__clientId</c> for the user-assigned identity), never a connection string.
    /// </summary>
    public static IReadOnlyList<string> CheckConnection(string connection, IReadOnlySet<string> infraKeys)
    {
        var problems = new List<string>();
        if (infraKeys.Contains(connection))
        {
            problems.Add(
                $"{InfraAppSetting.DeclaredIn} sets '{connection}' itself, which holds a connection string (a secret): "
                + $"use '{connection}__{ServiceSettingOf(connection)}' with '{connection}__credential' and '{connection}__clientId'.");
        }

        var service = KnownConnections.TryGetValue(connection, out var known)
            ? infraKeys.Contains($"{connection}__{known}")
            : ServiceProperties.Any(p => infraKeys.Contains($"{connection}__{p}"));
        if (!service)
        {
            problems.Add(
                $"{InfraAppSetting.DeclaredIn} does not set '{connection}__{ServiceSettingOf(connection)}' "
                + "(the identity-based form of the connection): add it to `appSettings` there.");
        }

        foreach (var part in new[] { "credential", "clientId" })
        {
            if (!infraKeys.Contains($"{connection}__{part}"))
            {
                problems.Add(
                    $"{InfraAppSetting.DeclaredIn} does not set '{connection}__{part}' (the app's user-assigned identity): "
                    + "add it to `appSettings` there.");
            }
        }

        return problems;
    }

    private static string ServiceSettingOf(string connection) =>
        KnownConnections.TryGetValue(connection, out var known) ? known : "serviceUri|accountName|fullyQualifiedNamespace";
}

using Notifier.Infra.Tests.Checks;

namespace Notifier.Infra.Tests;

/// <summary>
/// local.settings.sample.json lists every setting the app reads. Each one must reach Azure (be among the app settings
/// the compiled deployment gives the function app), or be declared here as local-only, with the reason.
/// </summary>
[Collection(CompiledInfra.Collection)]
public sealed class AppSettingsDriftTests(CompiledInfra infra)
{
    /// <summary>Sample settings that must not reach Azure (keys normalized: array indexes as <c>#</c>).</summary>
    internal static readonly IReadOnlyDictionary<string, string> LocalOnlySettings = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["AZURE_FUNCTIONS_ENVIRONMENT"] =
            "Development only on a developer's machine (Core Tools sets it too); Azure sets Production itself, and the app refuses Development user mode anywhere else",
        ["AzureWebJobs.servicebus-notifications.Disabled"] =
            "no Service Bus exists locally (no emulator), so the Service Bus function is switched off there; in Azure it runs",
        ["Notifier__Publishers__ApiKeys__#__Name"] =
            "local stand-in for function keys: in Azure the Functions host checks x-functions-key before a request reaches the app",
        ["Notifier__Publishers__ApiKeys__#__Key"] =
            "a publisher key in app settings would be a secret; in Azure function keys protect publishing",
        ["Notifier__Users__SigningKey"] =
            "symmetric key for locally minted test tokens; in Azure user tokens are verified with the authority's published keys",
    };

    /// <summary>App settings the Bicep sets that the sample does not list yet.</summary>
    internal static readonly IReadOnlyDictionary<string, string> InfraOnlySettings = new Dictionary<string, string>(StringComparer.Ordinal)
    {
    };

    [Fact]
    public void EverySampleSetting_ReachesAzureOrIsDeclaredLocalOnly()
    {
        var sample = LocalSettingsSample.Read();
        var connections = FunctionBinding.ReadAll().Select(b => b.EffectiveConnection).OfType<string>().ToList();

        // Both deployments together set every setting the Bicep can produce (topics of every kind, ingestion switched off).
        var findings = SettingsCoverage.Check(sample, AllSettings(), connections, Policy(infra.Production));

        Assert.True(findings.Count == 0, Report("App settings drifted from the sample", findings));
    }

    [Fact]
    public void UsersMode_IsJwtInAzure()
    {
        Assert.All(infra.Snapshots, snapshot =>
            Assert.Equal("Jwt", snapshot.AppSettings.SingleOrDefault(s => s.Key == "Notifier__Users__Mode")?.Value));
    }

    [Fact]
    public void NoEnvironmentSetting_SaysDevelopmentInAzure()
    {
        // The app allows Development user mode only where an environment setting says Development; Azure must never.
        string[] environments = ["AZURE_FUNCTIONS_ENVIRONMENT", "ASPNETCORE_ENVIRONMENT", "DOTNET_ENVIRONMENT"];

        Assert.DoesNotContain(AllSettings(), s => environments.Contains(s.Key) || s.Value.Contains("Development", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void FlexConsumption_GetsNoSettingItRejects()
    {
        // Flex takes the runtime from functionAppConfig and the package from the deployment container.
        string[] rejected =
        [
            "FUNCTIONS_WORKER_RUNTIME", "FUNCTIONS_EXTENSION_VERSION", "WEBSITE_RUN_FROM_PACKAGE",
            "WEBSITE_CONTENTAZUREFILECONNECTIONSTRING", "WEBSITE_CONTENTSHARE", "SCM_DO_BUILD_DURING_DEPLOYMENT",
        ];
        var set = AllSettings().Select(s => s.Key).Intersect(rejected).ToList();

        Assert.True(set.Count == 0, $"{InfraAppSetting.DeclaredIn} sets {string.Join(", ", set)}, which Flex Consumption rejects.");
    }

    [Fact]
    public void Topics_BecomeIndexedSettings_WithOnlyTheFieldsEachTopicHas()
    {
        var topics = infra.EveryOption.AppSettings
            .Where(s => s.Key.StartsWith("Notifier__Topics__", StringComparison.Ordinal))
            .ToDictionary(s => s.Key, s => s.Value, StringComparer.Ordinal);

        Assert.Equal(
            new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["Notifier__Topics__0__Group"] = "announcements",
                ["Notifier__Topics__0__Everyone"] = "true",
                ["Notifier__Topics__1__Group"] = "ops",
                ["Notifier__Topics__1__Role"] = "ops",
                ["Notifier__Topics__2__Group"] = "tenant.{value}",
                ["Notifier__Topics__2__Claim"] = "tid",
            },
            topics);
    }

    [Fact]
    public void StorageQueueIngestion_IsSwitchedOffBySetting_OnlyWhenAsked()
    {
        const string Disabled = "AzureWebJobs.queue-notifications.Disabled";

        Assert.DoesNotContain(infra.Production.AppSettings, s => s.Key == Disabled);
        Assert.Contains(infra.EveryOption.AppSettings, s => s.Key == Disabled && s.Value == "true");
        Assert.Contains(FunctionBinding.ReadAll(), b => b.FunctionName == "queue-notifications");
    }

    [Fact]
    public void ClientIdSettings_NameTheAppIdentity()
    {
        var identity = infra.Production.Single(DeploymentTests.IdentityType).Id;
        var clientIds = infra.Production.AppSettings
            .Where(s => s.Key.EndsWith("__clientId", StringComparison.Ordinal) || s.Key == "AZURE_CLIENT_ID")
            .ToList();

        Assert.True(clientIds.Count >= 4, "Expected AZURE_CLIENT_ID and a __clientId per connection.");
        Assert.All(clientIds, s => Assert.True(
            ArmExpressions.IsPropertyOf(s.Value, identity, "clientId"),
            $"{s.Key} = {s.Value} is not the client id of the app identity {identity}."));
    }

    internal static SettingsPolicy Policy(DeploymentSnapshot deployment) => new(
        LocalOnlySettings,
        InfraOnlySettings,
        new Dictionary<string, Func<string, string?>>(StringComparer.Ordinal)
        {
            // Flex Consumption rejects this app setting; the runtime is functionAppConfig.runtime.name instead.
            ["FUNCTIONS_WORKER_RUNTIME"] = value => FunctionAppRuntime(deployment) is var runtime
                && string.Equals(runtime, value, StringComparison.OrdinalIgnoreCase)
                    ? null
                    : $"Flex Consumption takes it from functionAppConfig.runtime.name of the function app, "
                        + $"which is '{runtime}' instead of '{value}'.",
        });

    internal static string Report(string title, IReadOnlyList<string> findings) =>
        $"{title} ({findings.Count}):\n  - " + string.Join("\n  - ", findings);

    private static string? FunctionAppRuntime(DeploymentSnapshot deployment) =>
        deployment.Single(DeploymentTests.SiteType).Text("properties", "functionAppConfig", "runtime", "name");

    private List<InfraAppSetting> AllSettings() =>
        infra.Snapshots.SelectMany(s => s.AppSettings).DistinctBy(s => s.Key, StringComparer.Ordinal).ToList();
}

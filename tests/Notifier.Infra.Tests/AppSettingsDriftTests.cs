using Notifier.Infra.Tests.Checks;

namespace Notifier.Infra.Tests;

/// <summary>
/// local.settings.sample.json lists every setting the app reads. Each one must reach Azure through
/// infra/modules/functionapp.bicep, or be declared here as local-only, with the reason.
/// </summary>
public class AppSettingsDriftTests
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
        var infra = InfraAppSettings.Read(InfraFiles.FunctionApp);
        var connections = FunctionBinding.ReadAll().Select(b => b.EffectiveConnection).OfType<string>().ToList();

        var findings = SettingsCoverage.Check(sample, infra, connections, Policy(InfraFiles.FunctionApp));

        Assert.True(findings.Count == 0, Report("App settings drifted from the sample", findings));
    }

    [Fact]
    public void UsersMode_IsJwtInAzure()
    {
        var mode = InfraAppSettings.Read(InfraFiles.FunctionApp).SingleOrDefault(s => s.Key == "Notifier__Users__Mode");

        Assert.NotNull(mode);
        Assert.Equal("'Jwt'", mode.ValueExpression);
    }

    [Fact]
    public void NoEnvironmentSetting_SaysDevelopmentInAzure()
    {
        // The app allows Development user mode only where an environment setting says Development; Azure must never.
        string[] environments = ["AZURE_FUNCTIONS_ENVIRONMENT", "ASPNETCORE_ENVIRONMENT", "DOTNET_ENVIRONMENT"];
        var settings = InfraAppSettings.Read(InfraFiles.FunctionApp);

        Assert.DoesNotContain(settings, s => environments.Contains(s.Key) || s.ValueExpression.Contains("Development", StringComparison.OrdinalIgnoreCase));
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
        var set = InfraAppSettings.Read(InfraFiles.FunctionApp).Select(s => s.Key).Intersect(rejected).ToList();

        Assert.True(set.Count == 0, $"{InfraAppSettings.RelativePath} sets {string.Join(", ", set)}, which Flex Consumption rejects.");
    }

    [Fact]
    public void EverySettingsVariable_ReachesTheAppSettingsResource()
    {
        // The drift check reads `var ...Settings`; each must end up in the sites/config 'appsettings' resource,
        // directly or through another settings variable, or the check would count settings that are never deployed.
        var module = InfraFiles.FunctionApp;
        var appSettingsResource = module.OfKind("resource").SingleOrDefault(r =>
            r.Target.StartsWith("Microsoft.Web/sites/config@", StringComparison.OrdinalIgnoreCase)
            && r.Value.Contains("name: 'appsettings'", StringComparison.Ordinal));
        Assert.True(appSettingsResource is not null, $"{module.DisplayPath} has no Microsoft.Web/sites/config resource named 'appsettings'.");

        var variables = module.OfKind("var").Where(v => v.Name.EndsWith("Settings", StringComparison.Ordinal)).ToList();
        var unused = variables
            .Where(v => !Mentions(appSettingsResource.Value, v.Name)
                && !variables.Any(other => other != v && Mentions(other.Value, v.Name)))
            .Select(v => v.Name)
            .ToList();

        Assert.True(unused.Count == 0, $"{module.DisplayPath}: {string.Join(", ", unused)} never reach the 'appsettings' resource.");
    }

    internal static SettingsPolicy Policy(BicepSource functionApp) => new(
        LocalOnlySettings,
        InfraOnlySettings,
        new Dictionary<string, Func<string, string?>>(StringComparer.Ordinal)
        {
            // Flex Consumption rejects this app setting; the runtime is functionAppConfig.runtime.name instead.
            ["FUNCTIONS_WORKER_RUNTIME"] = value => FunctionAppRuntime(functionApp) is var runtime
                && string.Equals(runtime, value, StringComparison.OrdinalIgnoreCase)
                    ? null
                    : $"Flex Consumption takes it from functionAppConfig.runtime.name in {functionApp.DisplayPath}, "
                        + $"which is '{runtime}' instead of '{value}'.",
        });

    internal static string Report(string title, IReadOnlyList<string> findings) =>
        $"{title} ({findings.Count}):\n  - " + string.Join("\n  - ", findings);

    // functionAppConfig: { runtime: { name: '...' } } of the site.
    private static string? FunctionAppRuntime(BicepSource functionApp) =>
        functionApp.OfKind("resource")
            .Where(r => r.Target.StartsWith("Microsoft.Web/sites@", StringComparison.OrdinalIgnoreCase))
            .Select(r => Property(Property(Property(Property(r.Value, "properties"), "functionAppConfig"), "runtime"), "name"))
            .Select(name => BicepScanner.StringLiterals(name) is [var first, ..] ? first : null)
            .FirstOrDefault(name => name is not null);

    private static bool Mentions(string expression, string name) =>
        System.Text.RegularExpressions.Regex.IsMatch(
            expression,
            $@"\b{System.Text.RegularExpressions.Regex.Escape(name)}\b",
            System.Text.RegularExpressions.RegexOptions.None,
            TimeSpan.FromSeconds(1));

    private static string Property(string objectText, string key) =>
        BicepScanner.ObjectProperties(objectText).FirstOrDefault(p => p.Key == key).Value ?? "";
}

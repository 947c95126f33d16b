using System.Text.Json;
using System.Xml.Linq;
using Notifier.Infra.Tests.Checks;

namespace Notifier.Infra.Tests;

/// <summary>
/// The Bicep CLI of the pinned package compiles, lints and evaluates infra/ without a single diagnostic: no error,
/// no warning (API versions the CLI's type index calls current, no linter finding).
/// </summary>
[Collection(CompiledInfra.Collection)]
public sealed class BicepCompilerTests(CompiledInfra infra)
{
    [Fact]
    public void TheCompiler_IsThePinnedPackage()
    {
        var pinned = XDocument.Load(Repository.FullPath("Directory.Packages.props"))
            .Descendants("PackageVersion")
            .Single(p => (string?)p.Attribute("Include") == BicepCli.PackageId)
            .Attribute("Version")?.Value;

        Assert.NotNull(pinned);
        Assert.StartsWith($"Bicep CLI version {pinned} ", CompiledInfra.Version, StringComparison.Ordinal);
    }

    [Fact]
    public void Main_Builds_WithNoDiagnostic() => AssertClean(infra.Build, Repository.Root);

    [Fact]
    public void Main_Lints_WithNoDiagnostic() => AssertClean(infra.Lint, Repository.Root);

    [Fact]
    public void ParameterFile_Builds_WithNoDiagnostic_AndSetsEveryRequiredParameter()
    {
        AssertClean(infra.BuildParams, Repository.Root);

        using var output = JsonDocument.Parse(infra.BuildParams.Stdout);
        using var parameters = JsonDocument.Parse(output.RootElement.GetProperty("parametersJson").GetString()!);
        var values = parameters.RootElement.GetProperty("parameters");
        Assert.Equal(CompiledInfra.UserAudience, values.GetProperty("userTokenAudience").GetProperty("value").GetString());
        Assert.Equal(CompiledInfra.EventHandlerAudience, values.GetProperty("eventHandlerAudience").GetProperty("value").GetString());
    }

    [Fact]
    public void BothDeployments_Evaluate_WithNoDiagnostic()
    {
        AssertClean(infra.ProductionSnapshotRun, infra.CopyRoot);
        AssertClean(infra.EveryOptionSnapshotRun, infra.CopyRoot);
        Assert.All(infra.Snapshots, s => Assert.NotEmpty(s.Resources));
    }

    [Fact]
    public void TheLinter_KeepsItsSecurityAndHygieneRulesOn()
    {
        // Zero diagnostics means nothing if the rules that find them are switched off.
        string[] rules =
        [
            "no-hardcoded-env-urls", "no-hardcoded-location", "outputs-should-not-contain-secrets", "secure-secrets-in-params",
            "secure-parameter-default", "use-secure-value-for-secure-inputs", "no-unused-params", "no-unused-vars",
            "use-recent-api-versions", "use-safe-access", "use-resource-id-functions", "use-stable-resource-identifiers",
        ];
        using var config = JsonDocument.Parse(Repository.ReadText("infra/bicepconfig.json"));
        var core = config.RootElement.GetProperty("analyzers").GetProperty("core");
        var configured = core.TryGetProperty("rules", out var r) ? r : default;

        Assert.True(core.GetProperty("enabled").GetBoolean(), "infra/bicepconfig.json switches the linter off.");
        var off = rules
            .Where(rule => configured.ValueKind == JsonValueKind.Object
                && configured.TryGetProperty(rule, out var setting)
                && setting.GetProperty("level").GetString() is not ("error" or "warning"))
            .ToList();
        Assert.True(off.Count == 0, $"infra/bicepconfig.json turns off {string.Join(", ", off)}.");

        // use-recent-api-versions is off unless configured.
        Assert.True(
            configured.ValueKind == JsonValueKind.Object && configured.TryGetProperty("use-recent-api-versions", out _),
            "infra/bicepconfig.json must switch use-recent-api-versions on (it is off by default).");
    }

    private static void AssertClean(BicepRun run, string root)
    {
        var problems = run.Problems(root);
        Assert.True(problems.Count == 0, AppSettingsDriftTests.Report(run.Command, problems));
    }
}

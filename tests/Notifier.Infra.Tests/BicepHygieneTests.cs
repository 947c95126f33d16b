using Notifier.Infra.Tests.Checks;

namespace Notifier.Infra.Tests;

/// <summary>The Bicep linter's rules, checked by hand (no Bicep compiler runs here), plus wiring a compiler would catch.</summary>
public class BicepHygieneTests
{
    [Fact]
    public void EveryResource_HasAnExplicitApiVersion() =>
        AssertNone("Resources without an API version", InfraFiles.Templates.SelectMany(BicepHygiene.ApiVersions));

    [Fact]
    public void Outputs_CarryNoSecrets() =>
        AssertNone("Outputs that may carry secrets", InfraFiles.Templates.SelectMany(BicepHygiene.Outputs));

    [Fact]
    public void NoFile_HardCodesEndpoints() =>
        AssertNone("Hard-coded endpoints", InfraFiles.All.SelectMany(BicepHygiene.HardCodedEndpoints));

    [Fact]
    public void NoFile_HardCodesLocations() =>
        AssertNone("Hard-coded locations", InfraFiles.All.SelectMany(BicepHygiene.HardCodedLocations));

    [Fact]
    public void EveryResourceWithALocation_IsTagged() =>
        AssertNone("Untagged resources", InfraFiles.Templates.SelectMany(BicepHygiene.Tags));

    [Fact]
    public void EveryParameter_IsUsed() =>
        AssertNone("Unused parameters", InfraFiles.Templates.SelectMany(BicepHygiene.UnusedParameters));

    [Fact]
    public void NoFile_ReadsKeys() =>
        AssertNone("Key reads", InfraFiles.All.SelectMany(BicepHygiene.KeyReads));

    [Fact]
    public void Modules_GetExactlyTheParametersTheyDeclare() =>
        AssertNone("Module parameters", BicepHygiene.ModuleParameters(InfraFiles.Main, InfraFiles.ResolveModule));

    [Fact]
    public void ParameterFile_MatchesMain() =>
        AssertNone("Parameter file", BicepHygiene.ParameterFile(InfraFiles.Parameters, InfraFiles.Main, "./main.bicep"));

    [Fact]
    public void EveryModule_IsUsedByMain()
    {
        var used = InfraFiles.Main.OfKind("module").Select(m => m.Target).ToHashSet(StringComparer.Ordinal);

        Assert.All(InfraFiles.Modules.Keys, name => Assert.Contains($"modules/{name}.bicep", used));
    }

    [Fact]
    public void EverySecureParameter_IsMarkedSecure()
    {
        // A parameter whose name says it holds a secret must be @secure() (secure-secrets-in-params).
        var findings = InfraFiles.Templates
            .SelectMany(source => source.OfKind("param")
                .Where(p => !p.IsSecure && (p.Name.Contains("secret", StringComparison.OrdinalIgnoreCase)
                    || p.Name.Contains("password", StringComparison.OrdinalIgnoreCase)
                    || p.Name.EndsWith("Key", StringComparison.Ordinal)))
                .Select(p => $"{source.DisplayPath}: parameter '{p.Name}' looks like a secret but is not @secure()."));

        AssertNone("Secret parameters", findings);
    }

    [Fact]
    public void FunctionApp_IsFlexConsumption_WithTheCustomHandler_HttpsOnly_AndItsIdentity()
    {
        var text = InfraFiles.FunctionApp.Text;

        Assert.Contains("name: 'FC1'", text, StringComparison.Ordinal);
        Assert.Contains("tier: 'FlexConsumption'", text, StringComparison.Ordinal);
        Assert.Contains("name: 'custom'", text, StringComparison.Ordinal);
        Assert.Contains("httpsOnly: true", text, StringComparison.Ordinal);
        Assert.Contains("type: 'UserAssignedIdentity'", text, StringComparison.Ordinal);
        Assert.Contains("alwaysReady: alwaysReady", text, StringComparison.Ordinal);
        Assert.Contains("name: 'http'", InfraFiles.Main.Find("param", "alwaysReady")?.Value ?? "", StringComparison.Ordinal);
    }

    private static void AssertNone(string title, IEnumerable<string> findings)
    {
        var list = findings.ToList();
        Assert.True(list.Count == 0, AppSettingsDriftTests.Report(title, list));
    }
}

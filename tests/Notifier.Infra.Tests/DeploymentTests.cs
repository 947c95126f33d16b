using System.Text.Json;
using Notifier.Infra.Tests.Checks;

namespace Notifier.Infra.Tests;

/// <summary>The shape of what the compiled Bicep deploys: the function app, its identity, no keys, no secret outputs.</summary>
[Collection(CompiledInfra.Collection)]
public sealed class DeploymentTests(CompiledInfra infra)
{
    internal const string SiteType = "Microsoft.Web/sites";
    internal const string PlanType = "Microsoft.Web/serverfarms";
    internal const string IdentityType = "Microsoft.ManagedIdentity/userAssignedIdentities";

    [Fact]
    public void FunctionApp_IsFlexConsumption_WithTheCustomHandler_HttpsOnly_AndItsIdentity()
    {
        var deployment = infra.Production;
        var plan = deployment.Single(PlanType);
        var site = deployment.Single(SiteType);
        var identity = deployment.Single(IdentityType).Id;

        Assert.Equal("FC1", plan.Text("sku", "name"));
        Assert.Equal("FlexConsumption", plan.Text("sku", "tier"));
        Assert.Equal(plan.Id, site.Text("properties", "serverFarmId"));
        Assert.Equal("custom", site.Text("properties", "functionAppConfig", "runtime", "name"));
        Assert.True(site.At("properties", "httpsOnly")?.GetBoolean());
        Assert.Equal("UserAssigned", site.Text("identity", "type"));
        Assert.Equal([identity], site.At("identity", "userAssignedIdentities")!.Value.EnumerateObject().Select(p => p.Name));
        Assert.Equal("UserAssignedIdentity", site.Text("properties", "functionAppConfig", "deployment", "storage", "authentication", "type"));
        Assert.Equal(identity, site.Text("properties", "functionAppConfig", "deployment", "storage", "authentication", "userAssignedIdentityResourceId"));

        // One warm HTTP instance keeps negotiate and the event handler off the cold-start path.
        var alwaysReady = site.At("properties", "functionAppConfig", "scaleAndConcurrency", "alwaysReady")!.Value;
        Assert.Contains(alwaysReady.EnumerateArray(), g => g.GetProperty("name").GetString() == "http" && g.GetProperty("instanceCount").GetInt32() >= 1);
    }

    [Fact]
    public void BasicPublishingCredentials_AreOff()
    {
        var policies = infra.Production.OfType("Microsoft.Web/sites/basicPublishingCredentialsPolicies").ToList();

        Assert.Equal(["ftp", "scm"], policies.Select(p => p.ShortName).Order(StringComparer.Ordinal));
        Assert.All(policies, p => Assert.False(p.At("properties", "allow")?.GetBoolean()));
    }

    [Fact]
    public void Services_DisableKeyAuthentication()
    {
        var deployment = infra.Production;

        Assert.False(deployment.Single("Microsoft.Storage/storageAccounts").At("properties", "allowSharedKeyAccess")?.GetBoolean());
        Assert.True(deployment.Single("Microsoft.ServiceBus/namespaces").At("properties", "disableLocalAuth")?.GetBoolean());
        Assert.True(deployment.Single("Microsoft.SignalRService/webPubSub").At("properties", "disableLocalAuth")?.GetBoolean());
        Assert.True(deployment.Single("Microsoft.Insights/components").At("properties", "DisableLocalAuth")?.GetBoolean());
        Assert.Contains(
            deployment.AppSettings,
            s => s.Key == "APPLICATIONINSIGHTS_AUTHENTICATION_STRING" && s.Value.Contains("Authorization=AAD", StringComparison.Ordinal));
    }

    [Fact]
    public void NoTemplate_ReadsKeys()
    {
        var reads = SecretOutputs.KeyReads(infra.Build.Stdout);

        Assert.True(reads.Count == 0, $"The compiled template reads keys with {string.Join(", ", reads)}: use the app identity and a role instead.");
    }

    [Fact]
    public void Outputs_CarryNoSecrets()
    {
        var declared = SecretOutputs.OfTemplate(infra.Template, "main.bicep").ToList();
        var evaluated = infra.Snapshots.SelectMany(s => s.Outputs.Select(o => new TemplateOutput(s.Description, o.Key, o.Value.ToString())));

        Assert.Contains(declared, o => o.Where == "functionapp");
        var findings = SecretOutputs.Check([.. declared, .. evaluated]);
        Assert.True(findings.Count == 0, AppSettingsDriftTests.Report("Outputs that may carry secrets", findings));
    }

    [Fact]
    public void EveryResourceWithALocation_IsTagged()
    {
        var untagged = infra.Snapshots
            .SelectMany(s => s.Resources)
            .Where(r => r.At("location") is not null
                && !(r.At("tags") is { ValueKind: JsonValueKind.Object } tags && tags.EnumerateObject().Any()))
            .Select(r => $"{r.Type} {r.Name}")
            .Distinct(StringComparer.Ordinal)
            .ToList();

        Assert.True(untagged.Count == 0, AppSettingsDriftTests.Report("Untagged resources", untagged));
    }

    [Fact]
    public void EveryResource_IsInTheResourceGroup_AndItsRegion_OrGlobal()
    {
        var elsewhere = infra.Snapshots
            .SelectMany(s => s.Resources)
            .Where(r => r.Text("location") is { } location && location != CompiledInfra.Location && location != "global")
            .Select(r => $"{r.Type} {r.Name}: {r.Text("location")}")
            .ToList();

        Assert.True(elsewhere.Count == 0, AppSettingsDriftTests.Report("Resources outside the deployment's region", elsewhere));
    }
}

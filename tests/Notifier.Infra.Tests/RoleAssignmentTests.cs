using Notifier.Infra.Tests.Checks;

namespace Notifier.Infra.Tests;

/// <summary>The app identity holds every role the code and the Functions host need, and nothing relies on keys.</summary>
public class RoleAssignmentTests
{
    /// <summary>Built-in role definition ids the function app identity needs, with why.</summary>
    internal static readonly IReadOnlyDictionary<string, string> AppRoles = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["b7e6dc6d-f1e8-4753-8033-0f276bb0955b"] = "Storage Blob Data Owner (host storage, deployment container)",
        ["0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3"] = "Storage Table Data Contributor (inbox and state tables)",
        ["974c5e8b-45b9-4653-ba55-5f855dd0fb88"] = "Storage Queue Data Contributor (queue trigger, poison queue)",
        ["4f6d3b9b-027b-4f4c-9142-0e5a2a2247e0"] = "Azure Service Bus Data Receiver (Service Bus trigger)",
        ["12cf5a90-567b-43ae-8102-96cf46c7d9b4"] = "Web PubSub Service Owner (REST API, :generateToken)",
        ["3913510d-42f4-4e42-8a64-420c390055eb"] = "Monitoring Metrics Publisher (telemetry with Entra ID)",
    };

    [Fact]
    public void AppIdentity_HasEveryRoleItNeeds()
    {
        var findings = RoleCoverage.Check(InfraFiles.Roles, AppRoles, "appPrincipalId");

        Assert.True(findings.Count == 0, AppSettingsDriftTests.Report("Role assignments", findings));
    }

    [Fact]
    public void RolesAndFunctionApp_UseTheSameIdentity()
    {
        var modules = InfraFiles.Main.OfKind("module").ToList();
        var roles = Params(modules.Single(m => m.Target == "modules/roles.bicep"));
        var app = Params(modules.Single(m => m.Target == "modules/functionapp.bicep"));
        var identity = modules.Single(m => m.Target == "modules/identity.bicep").Name;

        Assert.Equal($"{identity}.outputs.principalId", roles["appPrincipalId"]);
        Assert.Equal($"{identity}.outputs.resourceId", app["identityResourceId"]);
        Assert.Equal($"{identity}.outputs.clientId", app["identityClientId"]);
    }

    [Fact]
    public void FunctionApp_StartsOnlyAfterItsRolesExist()
    {
        var app = InfraFiles.Main.OfKind("module").Single(m => m.Target == "modules/functionapp.bicep");
        var roles = InfraFiles.Main.OfKind("module").Single(m => m.Target == "modules/roles.bicep").Name;

        var dependsOn = BicepScanner.ObjectProperties(app.Value).SingleOrDefault(p => p.Key == "dependsOn").Value ?? "";

        Assert.Contains(roles, dependsOn, StringComparison.Ordinal);
    }

    [Fact]
    public void Services_DisableKeyAuthentication()
    {
        Assert.Contains("allowSharedKeyAccess: false", InfraFiles.Module("storage").Text, StringComparison.Ordinal);
        Assert.Contains("disableLocalAuth: true", InfraFiles.Module("servicebus").Text, StringComparison.Ordinal);
        Assert.Contains("disableLocalAuth: true", InfraFiles.Module("webpubsub").Text, StringComparison.Ordinal);
        Assert.Contains("DisableLocalAuth: true", InfraFiles.Module("monitoring").Text, StringComparison.Ordinal);
        Assert.Contains(
            InfraAppSettings.Read(InfraFiles.FunctionApp),
            s => s.Key == "APPLICATIONINSIGHTS_AUTHENTICATION_STRING" && s.ValueExpression.Contains("Authorization=AAD", StringComparison.Ordinal));
    }

    private static Dictionary<string, string> Params(BicepDeclaration module) =>
        BicepScanner.ObjectProperties(BicepScanner.ObjectProperties(module.Value).Single(p => p.Key == "params").Value)
            .ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
}

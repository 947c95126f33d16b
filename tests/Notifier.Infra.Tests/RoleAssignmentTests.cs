using Notifier.Infra.Tests.Checks;

namespace Notifier.Infra.Tests;

/// <summary>The app identity holds every role the code and the Functions host need, on the narrowest resource, and nothing relies on keys.</summary>
[Collection(CompiledInfra.Collection)]
public sealed class RoleAssignmentTests(CompiledInfra infra)
{
    /// <summary>Built-in role definition ids the function app identity needs whatever the transport, with why and where.</summary>
    internal static readonly IReadOnlyDictionary<string, RequiredRole> AppRoles = new Dictionary<string, RequiredRole>(StringComparer.OrdinalIgnoreCase)
    {
        ["b7e6dc6d-f1e8-4753-8033-0f276bb0955b"] = new("Storage Blob Data Owner (host storage, deployment container)", "Microsoft.Storage/storageAccounts"),
        ["0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3"] = new("Storage Table Data Contributor (inbox and state tables)", "Microsoft.Storage/storageAccounts"),
        ["974c5e8b-45b9-4653-ba55-5f855dd0fb88"] = new("Storage Queue Data Contributor (queue trigger, poison queue)", "Microsoft.Storage/storageAccounts"),
        ["4f6d3b9b-027b-4f4c-9142-0e5a2a2247e0"] = new("Azure Service Bus Data Receiver (Service Bus trigger)", "Microsoft.ServiceBus/namespaces/queues"),
        ["3913510d-42f4-4e42-8a64-420c390055eb"] = new("Monitoring Metrics Publisher (telemetry with Entra ID)", "Microsoft.Insights/components"),
    };

    /// <summary>The roles the Web PubSub transport adds.</summary>
    internal static readonly IReadOnlyDictionary<string, RequiredRole> WebPubSubRoles = new Dictionary<string, RequiredRole>(StringComparer.OrdinalIgnoreCase)
    {
        ["12cf5a90-567b-43ae-8102-96cf46c7d9b4"] = new("Web PubSub Service Owner (REST API, :generateToken)", TransportTests.WebPubSubType),
    };

    /// <summary>The roles the SignalR transport adds.</summary>
    internal static readonly IReadOnlyDictionary<string, RequiredRole> SignalRRoles = new Dictionary<string, RequiredRole>(StringComparer.OrdinalIgnoreCase)
    {
        ["420fcaa2-552c-430f-98ca-3264be4806c7"] = new("SignalR App Server (client access tokens with Entra ID)", TransportTests.SignalRType),
        ["fd53cd77-2268-407a-8f46-7e7863d0f521"] = new("SignalR REST API Owner (send, groups, connections)", TransportTests.SignalRType),
    };

    private const string ServiceBusDataSender = "69a216fc-b8fb-44d8-bc22-1f3c2cd27a39";

    [Fact]
    public void AppIdentity_HasEveryRoleItNeeds_OnEitherTransport()
    {
        Assert.All(infra.Snapshots, deployment =>
        {
            var identity = deployment.Single(DeploymentTests.IdentityType).Id;

            var findings = RoleCoverage.Check(RoleCoverage.Read(deployment), RolesOf(deployment), identity);

            Assert.True(findings.Count == 0, AppSettingsDriftTests.Report($"Role assignments of {deployment.Description}", findings));
        });
    }

    [Fact]
    public void EveryRoleAssignment_HasAStableName()
    {
        var findings = RoleCoverage.UnstableNames(infra.Template);

        // The walk reaches into the modules: every role of the app, and the backend senders' loop.
        Assert.True(
            CompiledTemplate.Resources(infra.Template, "main.bicep").Count(r => r.Resource.GetProperty("type").GetString() == RoleCoverage.RoleAssignmentType)
                > AppRoles.Count + WebPubSubRoles.Count + SignalRRoles.Count,
            "The compiled template's role assignments were not found.");
        Assert.True(findings.Count == 0, AppSettingsDriftTests.Report("Role assignment names", findings));
    }

    [Fact]
    public void AppIdentity_HasNoOtherRole_NorTheOtherTransportsRoles()
    {
        Assert.All(infra.Snapshots, deployment =>
        {
            var identity = deployment.Single(DeploymentTests.IdentityType).Id;
            var needed = RolesOf(deployment);

            var extra = RoleCoverage.Read(deployment)
                .Where(a => ArmExpressions.IsPropertyOf(a.PrincipalId, identity, "principalId") && !needed.ContainsKey(a.RoleDefinitionId))
                .Select(a => $"{a.RoleDefinitionId} on {a.Scope}")
                .ToList();

            Assert.True(extra.Count == 0, AppSettingsDriftTests.Report($"Roles the app identity does not need in {deployment.Description}", extra));
        });
    }

    [Fact]
    public void BackendSenders_MaySendToTheQueue_AndNothingElse()
    {
        var queue = infra.EveryOption.Single(FunctionBindingDriftTests.ServiceBusQueueType).Id;

        var sender = Assert.Single(RoleCoverage.Read(infra.EveryOption), a => a.PrincipalId == "00000000-0000-0000-0000-00000000b0b0");
        Assert.Equal(ServiceBusDataSender, sender.RoleDefinitionId);
        Assert.Equal(queue, sender.Scope);
        Assert.Equal(FunctionBindingDriftTests.ServiceBusQueueType, sender.ScopeType);
        Assert.DoesNotContain(RoleCoverage.Read(infra.Production), a => a.RoleDefinitionId == ServiceBusDataSender);
        Assert.Equal("ServicePrincipal", sender.PrincipalType);
    }

    /// <summary>The roles the app identity needs in <paramref name="deployment"/>: the common ones and its transport's.</summary>
    internal static IReadOnlyDictionary<string, RequiredRole> RolesOf(DeploymentSnapshot deployment) =>
        AppRoles.Concat(TransportTests.IsSignalR(deployment) ? SignalRRoles : WebPubSubRoles)
            .ToDictionary(r => r.Key, r => r.Value, StringComparer.OrdinalIgnoreCase);
}

using System.Text.Json;
using Notifier.Infra.Tests.Checks;

namespace Notifier.Infra.Tests;

/// <summary>
/// The checks fed synthetic samples, settings, snapshots, templates and compiler output: they find what they exist to
/// find, so a green drift test means something.
/// </summary>
public sealed class CheckerSelfTests
{
    private static readonly SettingsPolicy EmptyPolicy = new(
        new Dictionary<string, string>(),
        new Dictionary<string, string>(),
        new Dictionary<string, Func<string, string?>>());

    // What a deployment might give the function app.
    private static readonly InfraAppSetting[] DeployedSettings =
    [
        new("AzureWebJobsStorage__accountName", "stnotifier"),
        new("AzureWebJobsStorage__credential", "managedidentity"),
        new("AzureWebJobsStorage__clientId", "[reference('/subscriptions/s/resourceGroups/g/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id', '2024-11-30').clientId]"),
        new("Notifier__Users__Mode", "Jwt"),
        new("Notifier__Topics__0__Group", "announcements"),
        new("AzureWebJobs.queue-notifications.Disabled", "true"),
    ];

    [Fact]
    public void Settings_ASampleKeyTheDeploymentDoesNotSet_IsReportedWithWhereToAddIt()
    {
        var findings = CheckSettings(("Notifier__Users__Mode", "Development"), ("Notifier__Topics__0__Group", "a"), ("Notifier__Limits__NewLimit", "5"));

        var finding = Assert.Single(findings);
        Assert.Contains("'Notifier__Limits__NewLimit'", finding, StringComparison.Ordinal);
        Assert.Contains("infra/modules/functionapp.bicep", finding, StringComparison.Ordinal);
        Assert.Contains("LocalOnlySettings", finding, StringComparison.Ordinal);
    }

    [Fact]
    public void Settings_IndexedSampleKeys_MatchDeployedSettingsOfAnyIndex()
    {
        var findings = CheckSettings(
            ("Notifier__Users__Mode", "Jwt"), ("Notifier__Topics__0__Group", "a"), ("Notifier__Topics__7__Group", "b"), ("Notifier__Topics__0__Role", "r"));

        var finding = Assert.Single(findings);
        Assert.Contains("'Notifier__Topics__0__Role'", finding, StringComparison.Ordinal);
    }

    [Fact]
    public void Settings_LocalOnlyEntries_MustStillBeInTheSample_AndMustNotBeDeployed()
    {
        var policy = EmptyPolicy with
        {
            LocalOnly = new Dictionary<string, string>
            {
                ["Notifier__Gone"] = "stale",
                ["Notifier__Users__Mode"] = "not for Azure",
            },
        };

        var findings = CheckSettings(policy, ("Notifier__Users__Mode", "Development"), ("Notifier__Topics__0__Group", "a"));

        Assert.Equal(2, findings.Count);
        Assert.Contains(findings, f => f.Contains("'Notifier__Gone'", StringComparison.Ordinal) && f.Contains("stale entry", StringComparison.Ordinal));
        Assert.Contains(findings, f => f.Contains("'Notifier__Users__Mode' is declared local-only", StringComparison.Ordinal));
    }

    [Fact]
    public void Settings_AppSettingsTheSampleDoesNotList_AreReported_UnlessDeclaredInfraOnly()
    {
        var withoutPolicy = CheckSettings(("Notifier__Topics__0__Group", "a"));
        var withPolicy = CheckSettings(
            EmptyPolicy with { InfraOnly = new Dictionary<string, string> { ["Notifier__Users__Mode"] = "pending" } },
            ("Notifier__Topics__0__Group", "a"));
        var stale = CheckSettings(
            EmptyPolicy with { InfraOnly = new Dictionary<string, string> { ["Notifier__Users__Mode"] = "pending" } },
            ("Notifier__Topics__0__Group", "a"), ("Notifier__Users__Mode", "Development"));

        Assert.Contains(withoutPolicy, f => f.Contains("'Notifier__Users__Mode' is set by", StringComparison.Ordinal));
        Assert.Empty(withPolicy);
        Assert.Contains(stale, f => f.Contains("has it now", StringComparison.Ordinal));
    }

    [Fact]
    public void Settings_ProvidedOtherwise_ReportsTheProblem()
    {
        var policy = EmptyPolicy with
        {
            ProvidedOtherwise = new Dictionary<string, Func<string, string?>>
            {
                ["FUNCTIONS_WORKER_RUNTIME"] = value => value == "custom" ? null : "not custom",
            },
        };

        Assert.Empty(CheckSettings(policy, ("FUNCTIONS_WORKER_RUNTIME", "custom"), ("Notifier__Users__Mode", "x"), ("Notifier__Topics__0__Group", "a")));
        Assert.Contains(CheckSettings(policy, ("FUNCTIONS_WORKER_RUNTIME", "node"), ("Notifier__Users__Mode", "x"), ("Notifier__Topics__0__Group", "a")), f => f.Contains("not custom", StringComparison.Ordinal));
    }

    [Fact]
    public void Connections_AConnectionString_OrAnIncompleteIdentityForm_IsReported()
    {
        InfraAppSetting[] infra =
        [
            new("WebPubSubConnection", "Endpoint=https://x;AccessKey=y;Version=1.0;"),
            new("ServiceBusConnection__fullyQualifiedNamespace", "[reference('ns').serviceBusEndpoint]"),
            new("ServiceBusConnection__credential", "managedidentity"),
            new("AzureWebJobsStorage__accountName", "account"),
            new("AzureWebJobsStorage__credential", "managedidentity"),
            new("AzureWebJobsStorage__clientId", "[reference('id').clientId]"),
        ];
        var keys = infra.Select(s => s.NormalizedKey).ToHashSet(StringComparer.Ordinal);

        var webPubSub = SettingsCoverage.CheckConnection("WebPubSubConnection", keys);
        var serviceBus = SettingsCoverage.CheckConnection("ServiceBusConnection", keys);
        var storage = SettingsCoverage.CheckConnection("AzureWebJobsStorage", keys);

        Assert.Contains(webPubSub, p => p.Contains("connection string (a secret)", StringComparison.Ordinal));
        Assert.Contains(webPubSub, p => p.Contains("'WebPubSubConnection__serviceUri'", StringComparison.Ordinal));
        Assert.Equal(["infra/modules/functionapp.bicep does not set 'ServiceBusConnection__clientId' (the app's user-assigned identity): add it to `appSettings` there."], serviceBus);
        Assert.Empty(storage);
    }

    [Fact]
    public void Bindings_AConnectionTheBicepDoesNotProvide_IsReported_IncludingDefaults()
    {
        var bindings = FunctionBinding.Parse("orders", """
            { "bindings": [
              { "type": "httpTrigger", "direction": "in", "name": "req" },
              { "type": "serviceBusTrigger", "direction": "in", "name": "m", "queueName": "orders" },
              { "type": "queue", "direction": "out", "name": "q", "queueName": "out", "connection": "AzureWebJobsStorage" }
            ] }
            """);
        var infra = DeployedSettings;

        var findings = BindingCoverage.CheckConnections(bindings, infra);

        Assert.NotEmpty(findings);
        Assert.All(findings, f => Assert.Contains("connection 'AzureWebJobsServiceBus' (function orders)", f, StringComparison.Ordinal));
    }

    [Fact]
    public void Bindings_AQueueTheBicepDoesNotDeploy_IsReported()
    {
        var bindings = FunctionBinding.Parse("orders", """
            { "bindings": [
              { "type": "queueTrigger", "direction": "in", "name": "m", "queueName": "orders" },
              { "type": "queue", "direction": "out", "name": "p", "queueName": "orders-poison" },
              { "type": "serviceBusTrigger", "direction": "in", "name": "s", "queueName": "orders" },
              { "type": "serviceBusTrigger", "direction": "in", "name": "t", "queueName": "%QueueSetting%" }
            ] }
            """);

        var findings = BindingCoverage.CheckQueues(bindings, ["orders"], ["notifications"], "infra/main.bicep");

        Assert.Equal(3, findings.Count);
        Assert.Contains(findings, f => f.Contains("'orders-poison'", StringComparison.Ordinal) && f.Contains("`storageQueueNames`", StringComparison.Ordinal));
        Assert.Contains(findings, f => f.Contains("queue 'orders'", StringComparison.Ordinal) && f.Contains("`serviceBusQueueName`", StringComparison.Ordinal));
        Assert.Contains(findings, f => f.Contains("binding expression", StringComparison.Ordinal));
    }

    private const string Identity = "/subscriptions/s/resourceGroups/g/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-app";
    private const string Storage = "/subscriptions/s/resourceGroups/g/providers/Microsoft.Storage/storageAccounts/st";
    private const string Queue = "/subscriptions/s/resourceGroups/g/providers/Microsoft.ServiceBus/namespaces/sb/queues/notifications";

    [Fact]
    public void Roles_AreReadFromTheSnapshot_WithScopeRoleAndPrincipal()
    {
        var assignment = RoleCoverage.Read(RolesSnapshot())[0];

        Assert.Equal(Storage, assignment.Scope);
        Assert.Equal("Microsoft.Storage/storageAccounts", assignment.ScopeType);
        Assert.Equal("0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3", assignment.RoleDefinitionId);
        Assert.True(ArmExpressions.IsPropertyOf(assignment.PrincipalId, Identity, "principalId"));
        Assert.Equal("ServicePrincipal", assignment.PrincipalType);
    }

    [Fact]
    public void Roles_AMissingRole_ARoleForAnotherPrincipal_TheWrongScope_AndSloppyAssignments_AreReported()
    {
        var required = new Dictionary<string, RequiredRole>
        {
            ["0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3"] = new("Storage Table Data Contributor", "Microsoft.Storage/storageAccounts"),
            ["974c5e8b-45b9-4653-ba55-5f855dd0fb88"] = new("Storage Queue Data Contributor", "Microsoft.Storage/storageAccounts"),
            ["12cf5a90-567b-43ae-8102-96cf46c7d9b4"] = new("Web PubSub Service Owner", "Microsoft.SignalRService/webPubSub"),
            ["4f6d3b9b-027b-4f4c-9142-0e5a2a2247e0"] = new("Azure Service Bus Data Receiver", "Microsoft.ServiceBus/namespaces/queues"),
        };

        var findings = RoleCoverage.Check(RoleCoverage.Read(RolesSnapshot()), required, Identity);

        Assert.Equal(4, findings.Count);
        Assert.Contains(findings, f => f.Contains("Storage Queue Data Contributor", StringComparison.Ordinal) && f.Contains("(only to 11111111", StringComparison.Ordinal));
        Assert.Contains(findings, f => f.Contains("Web PubSub Service Owner", StringComparison.Ordinal));
        Assert.Contains(findings, f => f.Contains("Azure Service Bus Data Receiver", StringComparison.Ordinal) && f.Contains("least privilege", StringComparison.Ordinal));
        Assert.Contains(findings, f => f.Contains("974c5e8b-45b9-4653-ba55-5f855dd0fb88 must say principalType", StringComparison.Ordinal));
    }

    [Fact]
    public void Roles_AScopeTheSnapshotCouldNotEvaluate_StillHasItsType()
    {
        var snapshot = DeploymentSnapshot.Parse("test", $$"""
            { "predictedResources": [ {
              "id": "[extensionResourceId(if(true(), resourceId(subscription().subscriptionId, resourceGroup().name, 'Microsoft.ServiceBus/namespaces/queues', 'sb', 'q'), ''), 'Microsoft.Authorization/roleAssignments', guid('x'))]",
              "type": "Microsoft.Authorization/roleAssignments",
              "name": "[guid('x')]",
              "properties": { "roleDefinitionId": "[subscriptionResourceId(subscription().subscriptionId, 'Microsoft.Authorization/roleDefinitions', '69a216fc-b8fb-44d8-bc22-1f3c2cd27a39')]", "principalId": "p", "principalType": "ServicePrincipal" }
            } ] }
            """);

        var assignment = Assert.Single(RoleCoverage.Read(snapshot));

        Assert.Equal("Microsoft.ServiceBus/namespaces/queues", assignment.ScopeType);
        Assert.Equal("69a216fc-b8fb-44d8-bc22-1f3c2cd27a39", assignment.RoleDefinitionId);
    }

    [Fact]
    public void Roles_AnAssignmentInAModuleWithAFixedName_IsReported()
    {
        using var template = JsonDocument.Parse("""
            { "resources": { "roles": { "type": "Microsoft.Resources/deployments", "name": "roles", "properties": { "template": { "resources": {
              "good": { "type": "Microsoft.Authorization/roleAssignments", "name": "[guid(resourceGroup().id, parameters('p'))]" },
              "bad": { "type": "Microsoft.Authorization/roleAssignments", "name": "app-reader" }
            } } } } } }
            """);

        Assert.Equal(
            ["roles: role assignment named 'app-reader' must be named guid(scope, principal, role)."],
            RoleCoverage.UnstableNames(template.RootElement));
    }

    [Fact]
    public void ResourceIds_NameTheirType_ChildTypesIncluded()
    {
        Assert.Equal("Microsoft.ServiceBus/namespaces/queues", ResourceIds.TypeOf(Queue));
        Assert.Equal("Microsoft.Storage/storageAccounts", ResourceIds.TypeOf(Storage));
        Assert.Equal("", ResourceIds.TypeOf("not-an-id"));
    }

    [Fact]
    public void ArmExpressions_APropertyOfAnotherResource_OrAComputedValue_IsNotThePropertyOf()
    {
        var clientId = $"[reference('{Identity}', '2024-11-30').clientId]";

        Assert.True(ArmExpressions.IsPropertyOf(clientId, Identity, "clientId"));
        Assert.False(ArmExpressions.IsPropertyOf(clientId, Identity + "-other", "clientId"));
        Assert.False(ArmExpressions.IsPropertyOf(clientId, Identity, "principalId"));
        Assert.False(ArmExpressions.IsPropertyOf($"[toUpper(reference('{Identity}', '2024-11-30').clientId)]", Identity, "clientId"));
        Assert.True(ArmExpressions.Mentions($"[format('x{{0}}', reference('{Identity}', '2024-11-30').clientId)]", Identity));
    }

    [Fact]
    public void Diagnostics_AreParsed_AndAnythingElseTheCliSays_IsKept()
    {
        var run = new BicepRun(
            ["lint", "main.bicep"],
            1,
            "",
            "/repo/infra/modules/storage.bicep(32,53) : Warning use-recent-api-versions: Use more recent API version for 'Microsoft.Storage/storageAccounts'.\n"
                + "Unhandled exception: something broke\n");

        var problems = run.Problems("/repo");

        Assert.Equal(
            [
                "bicep lint main.bicep exited with 1.",
                "infra/modules/storage.bicep(32,53): Warning use-recent-api-versions: Use more recent API version for 'Microsoft.Storage/storageAccounts'.",
                "Unhandled exception: something broke",
            ],
            problems);
        Assert.Empty(new BicepRun(["build"], 0, "{}", "\n").Problems("/repo"));
    }

    [Fact]
    public void SecretOutputs_AKeyInANestedModule_OrAConnectionString_IsReported_AndPlainOutputsAreNot()
    {
        using var template = JsonDocument.Parse("""
            {
              "outputs": { "functionAppName": { "type": "string", "value": "[reference('app').outputs.name.value]" } },
              "resources": {
                "storage": {
                  "type": "Microsoft.Resources/deployments",
                  "name": "storage",
                  "properties": { "template": {
                    "outputs": {
                      "name": { "type": "string", "value": "[parameters('name')]" },
                      "primaryKey": { "type": "string", "value": "[listKeys(resourceId('Microsoft.Storage/storageAccounts', 'st'), '2026-09-01').keys[0].value]" },
                      "endpoint": { "type": "string", "value": "[format('DefaultEndpointsProtocol=https;AccountKey={0}', parameters('k'))]" }
                    }
                  } }
                }
              }
            }
            """);

        var outputs = SecretOutputs.OfTemplate(template.RootElement, "main.bicep").ToList();
        var findings = SecretOutputs.Check(outputs);

        Assert.Equal(["main.bicep/functionAppName", "storage/name", "storage/primaryKey", "storage/endpoint"], outputs.Select(o => $"{o.Where}/{o.Name}"));
        Assert.Equal(2, findings.Count);
        Assert.Contains(findings, f => f.StartsWith("storage: output 'primaryKey'", StringComparison.Ordinal));
        Assert.Contains(findings, f => f.StartsWith("storage: output 'endpoint'", StringComparison.Ordinal));
        Assert.Equal(["listKeys("], SecretOutputs.KeyReads(template.RootElement.GetRawText()));
    }

    private static DeploymentSnapshot RolesSnapshot() => DeploymentSnapshot.Parse("test", $$"""
        {
          "predictedResources": [
            {{Assignment(Storage, "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3", $"[reference('{Identity}', '2024-11-30').principalId]", "\"ServicePrincipal\"", "[guid('a')]")}},
            {{Assignment(Storage, "974c5e8b-45b9-4653-ba55-5f855dd0fb88", "11111111-1111-1111-1111-111111111111", "null", "fixed-name")}},
            {{Assignment(Storage, "4f6d3b9b-027b-4f4c-9142-0e5a2a2247e0", $"[reference('{Identity}', '2024-11-30').principalId]", "\"ServicePrincipal\"", "[guid('b')]")}}
          ],
          "outputs": {}
        }
        """);

    private static string Assignment(string scope, string role, string principal, string principalType, string name) => $$"""
        {
          "id": "[extensionResourceId('{{scope}}', 'Microsoft.Authorization/roleAssignments', '{{name}}')]",
          "type": "Microsoft.Authorization/roleAssignments",
          "name": "{{name}}",
          "properties": {
            "roleDefinitionId": "/subscriptions/s/providers/Microsoft.Authorization/roleDefinitions/{{role}}",
            "principalId": "{{principal}}",
            "principalType": {{principalType}}
          }
        }
        """;

    private static IReadOnlyList<string> CheckSettings(params (string Key, string Value)[] sample) =>
        CheckSettings(EmptyPolicy, sample);

    private static IReadOnlyList<string> CheckSettings(SettingsPolicy policy, params (string Key, string Value)[] sample) =>
        SettingsCoverage.Check(
            sample.Select(s => new KeyValuePair<string, string>(s.Key, s.Value)).ToList(),
            DeployedSettings,
            [],
            policy);
}

using Notifier.Infra.Tests.Checks;

namespace Notifier.Infra.Tests;

/// <summary>
/// The checks fed synthetic samples and Bicep: they find what they exist to find, so a green drift test means
/// something.
/// </summary>
public class CheckerSelfTests
{
    private static readonly SettingsPolicy EmptyPolicy = new(
        new Dictionary<string, string>(),
        new Dictionary<string, string>(),
        new Dictionary<string, Func<string, string?>>());

    private const string FunctionApp = """
        param storageName string
        param clientId string
        param topics object[]
        param enabled bool

        var appSettings = {
          // Notifier__Commented__Out: 'comments do not set settings'
          AzureWebJobsStorage__accountName: storageName
          AzureWebJobsStorage__credential: 'managedidentity'
          AzureWebJobsStorage__clientId: clientId
          Notifier__Users__Mode: 'Jwt'
        }

        var ingestionSettings = enabled ? {} : {
          'AzureWebJobs.queue-notifications.Disabled': 'true'
        }

        var topicSettings = flatten(map(range(0, length(topics)), i => [
          {
            name: 'Notifier__Topics__${i}__Group'
            value: topics[i].group
          }
        ]))
        """;

    [Fact]
    public void Settings_ASampleKeyTheBicepDoesNotSet_IsReportedWithWhereToAddIt()
    {
        var findings = CheckSettings(("Notifier__Users__Mode", "Development"), ("Notifier__Topics__0__Group", "a"), ("Notifier__Limits__NewLimit", "5"));

        var finding = Assert.Single(findings);
        Assert.Contains("'Notifier__Limits__NewLimit'", finding, StringComparison.Ordinal);
        Assert.Contains("infra/modules/functionapp.bicep", finding, StringComparison.Ordinal);
        Assert.Contains("LocalOnlySettings", finding, StringComparison.Ordinal);
    }

    [Fact]
    public void Settings_AKeyOnlyInAComment_IsNotSet()
    {
        var findings = CheckSettings(("Notifier__Commented__Out", "x"), ("Notifier__Users__Mode", "Jwt"), ("Notifier__Topics__0__Group", "a"));

        Assert.Single(findings);

        Assert.Contains(findings, f => f.Contains("'Notifier__Commented__Out'", StringComparison.Ordinal));
    }

    [Fact]
    public void Settings_IndexedSampleKeys_MatchSettingsGeneratedFromAnArray()
    {
        var findings = CheckSettings(
            ("Notifier__Users__Mode", "Jwt"), ("Notifier__Topics__0__Group", "a"), ("Notifier__Topics__7__Group", "b"), ("Notifier__Topics__0__Role", "r"));

        var finding = Assert.Single(findings);
        Assert.Contains("'Notifier__Topics__0__Role'", finding, StringComparison.Ordinal);
    }

    [Fact]
    public void Settings_QuotedKeys_AreRead()
    {
        var keys = InfraAppSettings.Read(Source(FunctionApp)).Select(s => s.Key).ToList();

        Assert.Contains("AzureWebJobs.queue-notifications.Disabled", keys);
        Assert.Contains("Notifier__Topics__${i}__Group", keys);
        Assert.DoesNotContain("Notifier__Commented__Out", keys);
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
        var infra = Settings("""
            var appSettings = {
              WebPubSubConnection: 'Endpoint=https://x;AccessKey=y;Version=1.0;'
              ServiceBusConnection__fullyQualifiedNamespace: ns
              ServiceBusConnection__credential: 'managedidentity'
              AzureWebJobsStorage__accountName: account
              AzureWebJobsStorage__credential: 'managedidentity'
              AzureWebJobsStorage__clientId: clientId
            }
            """);
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
        var infra = InfraAppSettings.Read(Source(FunctionApp));

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

    private const string Roles = """
        param appPrincipalId string
        param otherPrincipalId string

        var roleIds = {
          tableContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
          queueContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
        }

        resource tables 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
          name: guid(resourceGroup().id, appPrincipalId, roleIds.tableContributor)
          properties: {
            roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleIds.tableContributor)
            principalId: appPrincipalId
            principalType: 'ServicePrincipal'
          }
        }

        resource queues 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
          name: 'fixed-name'
          properties: {
            roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleIds.queueContributor)
            principalId: otherPrincipalId
          }
        }
        """;

    [Fact]
    public void Roles_AreResolvedThroughTheRoleIdsVariable()
    {
        var assignments = RoleCoverage.Read(Source(Roles));

        Assert.Equal(2, assignments.Count);
        Assert.Equal("0A9A7E1F-B9D0-4CC4-A60D-0319B160AAA3", assignments[0].RoleDefinitionId);
        Assert.Equal("appPrincipalId", assignments[0].PrincipalId);
    }

    [Fact]
    public void Roles_AMissingRole_ARoleForAnotherPrincipal_AndSloppyAssignments_AreReported()
    {
        var required = new Dictionary<string, string>
        {
            ["0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3"] = "Storage Table Data Contributor",
            ["974c5e8b-45b9-4653-ba55-5f855dd0fb88"] = "Storage Queue Data Contributor",
            ["12cf5a90-567b-43ae-8102-96cf46c7d9b4"] = "Web PubSub Service Owner",
        };

        var findings = RoleCoverage.Check(Source(Roles), required, "appPrincipalId");

        Assert.Equal(4, findings.Count);
        Assert.Contains(findings, f => f.Contains("Storage Queue Data Contributor", StringComparison.Ordinal) && f.Contains("only to `otherPrincipalId`", StringComparison.Ordinal));
        Assert.Contains(findings, f => f.Contains("Web PubSub Service Owner", StringComparison.Ordinal));
        Assert.Contains(findings, f => f.Contains("'queues' must say principalType", StringComparison.Ordinal));
        Assert.Contains(findings, f => f.Contains("'queues' must be named guid(", StringComparison.Ordinal));
    }

    [Fact]
    public void Hygiene_FindsEachBrokenRule()
    {
        var source = Source("""
            @secure()
            param adminPassword string
            param location string
            param unused string

            resource noVersion 'Microsoft.Storage/storageAccounts' = {
              name: 'x'
              location: location
            }

            resource pinned 'Microsoft.Web/sites@2024-04-01' = {
              name: 'y'
              location: 'westeurope'
              tags: {}
              properties: {
                url: 'https://contoso.blob.core.windows.net/'
                where: 'eastus'
              }
            }

            output leaked string = adminPassword
            output storageKeys object = noVersion.listKeys()
            """);

        Assert.Contains(BicepHygiene.ApiVersions(source), f => f.Contains("'noVersion'", StringComparison.Ordinal));
        Assert.Contains(BicepHygiene.Outputs(source), f => f.Contains("exposes the @secure() parameter 'adminPassword'", StringComparison.Ordinal));
        Assert.Contains(BicepHygiene.Outputs(source), f => f.Contains("'storageKeys' mentions 'key'", StringComparison.Ordinal));
        Assert.Contains(BicepHygiene.HardCodedEndpoints(source), f => f.Contains("blob.core.windows.net", StringComparison.Ordinal));
        Assert.Equal(3, BicepHygiene.HardCodedLocations(source).Count);
        Assert.Contains(BicepHygiene.Tags(source), f => f.Contains("'noVersion' has a location but no tags", StringComparison.Ordinal));
        Assert.Equal(["test.bicep: parameter 'unused' is never used."], BicepHygiene.UnusedParameters(source));
        Assert.Contains(BicepHygiene.KeyReads(source), f => f.Contains("listKeys(", StringComparison.Ordinal));
    }

    [Fact]
    public void Hygiene_CleanBicep_HasNoFindings()
    {
        var source = Source("""
            param location string
            param tags object

            resource account 'Microsoft.Storage/storageAccounts@2023-05-01' = {
              name: 'st${uniqueString(resourceGroup().id)}'
              location: location
              tags: tags
            }

            output blob string = 'https://${account.name}.blob.${environment().suffixes.storage}'
            """);

        Assert.Empty(BicepHygiene.ApiVersions(source));
        Assert.Empty(BicepHygiene.Outputs(source));
        Assert.Empty(BicepHygiene.HardCodedEndpoints(source));
        Assert.Empty(BicepHygiene.HardCodedLocations(source));
        Assert.Empty(BicepHygiene.Tags(source));
        Assert.Empty(BicepHygiene.UnusedParameters(source));
        Assert.Empty(BicepHygiene.KeyReads(source));
    }

    [Fact]
    public void Hygiene_ModuleAndParameterFileWiring_IsChecked()
    {
        var main = Source("""
            param required string
            param optional string = 'x'

            module thing 'modules/thing.bicep' = {
              name: 'thing'
              params: {
                known: required
                unknown: optional
              }
            }
            """);
        var module = Source("""
            param known string
            param needed int
            param defaulted bool = true
            """);
        var parameters = Source("""
            using './other.bicep'
            param optional = 'y'
            param typo = 1
            """);

        var moduleFindings = BicepHygiene.ModuleParameters(main, path => path == "modules/thing.bicep" ? module : null);
        var parameterFindings = BicepHygiene.ParameterFile(parameters, main, "./main.bicep");

        Assert.Equal(2, moduleFindings.Count);
        Assert.Contains(moduleFindings, f => f.Contains("passes 'unknown'", StringComparison.Ordinal));
        Assert.Contains(moduleFindings, f => f.Contains("does not pass 'needed'", StringComparison.Ordinal));
        Assert.Equal(3, parameterFindings.Count);
        Assert.Contains(parameterFindings, f => f.Contains("using './main.bicep'", StringComparison.Ordinal));
        Assert.Contains(parameterFindings, f => f.Contains("sets 'typo'", StringComparison.Ordinal));
        Assert.Contains(parameterFindings, f => f.Contains("does not set 'required'", StringComparison.Ordinal));
    }

    [Fact]
    public void Scanner_BracketsAndCommentMarkersInStrings_DoNotConfuseIt()
    {
        var source = Source("""
            var a = 'not { a brace // nor a comment'
            /* block
               var hidden = 1 */
            var b = {
              'x{y}': '${concat('}', '{')}'
              z: '''
            multi { line
            '''
            }
            var c = [
              'one'
              'two'
            ]
            """);

        Assert.Equal(["a", "b", "c"], source.OfKind("var").Select(v => v.Name));
        Assert.Equal(["x{y}", "z"], BicepScanner.ObjectProperties(source.Find("var", "b")!.Value).Select(p => p.Key));
        Assert.Equal(["one", "two"], source.StringArrayVariable("c"));
        Assert.Equal("not { a brace // nor a comment", source.StringVariable("a"));
    }

    [Fact]
    public void Scanner_UnbalancedBicep_IsRejected()
    {
        Assert.Throws<FormatException>(() => Source("var a = {\n  b: 'c'\n"));
        Assert.Throws<FormatException>(() => Source("var a = 'unterminated\n"));
    }

    private static IReadOnlyList<string> CheckSettings(params (string Key, string Value)[] sample) =>
        CheckSettings(EmptyPolicy, sample);

    private static IReadOnlyList<string> CheckSettings(SettingsPolicy policy, params (string Key, string Value)[] sample) =>
        SettingsCoverage.Check(
            sample.Select(s => new KeyValuePair<string, string>(s.Key, s.Value)).ToList(),
            InfraAppSettings.Read(Source(FunctionApp)),
            [],
            policy);

    private static IReadOnlyList<InfraAppSetting> Settings(string bicep) => InfraAppSettings.Read(Source(bicep));

    private static BicepSource Source(string text) => new("test.bicep", text);
}

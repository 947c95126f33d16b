using Notifier.Infra.Tests.Checks;

namespace Notifier.Infra.Tests;

/// <summary>The function.json bindings find their connections, queues and hub in what the Bicep deploys.</summary>
public class FunctionBindingDriftTests
{
    [Fact]
    public void EveryBindingConnection_IsProvidedInItsIdentityBasedForm()
    {
        var findings = BindingCoverage.CheckConnections(FunctionBinding.ReadAll(), InfraAppSettings.Read(InfraFiles.FunctionApp));

        Assert.True(findings.Count == 0, AppSettingsDriftTests.Report("Binding connections the Bicep does not provide", findings));
    }

    [Fact]
    public void EveryBindingQueue_IsDeployed()
    {
        var findings = BindingCoverage.CheckQueues(
            FunctionBinding.ReadAll(),
            StorageQueueNames(),
            ServiceBusQueueNames(),
            InfraFiles.MainPath);

        Assert.True(findings.Count == 0, AppSettingsDriftTests.Report("Queues the functions use but the Bicep does not deploy", findings));
    }

    [Fact]
    public void DeployedQueues_ReachTheirModules()
    {
        var modules = InfraFiles.Main.OfKind("module").ToList();

        Assert.Contains(modules, m => m.Target == "modules/storage.bicep" && m.Value.Contains("queueNames: storageQueueNames", StringComparison.Ordinal));
        Assert.Contains(modules, m => m.Target == "modules/servicebus.bicep" && m.Value.Contains("queueName: serviceBusQueueName", StringComparison.Ordinal));
        Assert.Contains(
            InfraFiles.Module("storage").OfKind("resource"),
            r => r.Target.StartsWith("Microsoft.Storage/storageAccounts/queueServices/queues@", StringComparison.Ordinal)
                && r.Value.Contains("for queueName in queueNames", StringComparison.Ordinal));
        Assert.Contains(
            InfraFiles.Module("servicebus").OfKind("resource"),
            r => r.Target.StartsWith("Microsoft.ServiceBus/namespaces/queues@", StringComparison.Ordinal)
                && r.Value.Contains("name: queueName", StringComparison.Ordinal));
    }

    [Fact]
    public void HubName_IsTheSampleHub_AndReachesTheHubAndTheAppSetting()
    {
        var sampleHub = LocalSettingsSample.Read().Single(s => s.Key == "WebPubSubHub").Value;
        var hubName = InfraFiles.Main.StringVariable("hubName");
        var hubModule = InfraFiles.Main.OfKind("module").Single(m => m.Target == "modules/webpubsub-hub.bicep");
        var appModule = InfraFiles.Main.OfKind("module").Single(m => m.Target == "modules/functionapp.bicep");
        var hubResource = InfraFiles.Module("webpubsub-hub").OfKind("resource")
            .Single(r => r.Target.StartsWith("Microsoft.SignalRService/webPubSub/hubs@", StringComparison.Ordinal));
        var appSetting = InfraAppSettings.Read(InfraFiles.FunctionApp).Single(s => s.Key == "WebPubSubHub");

        Assert.Equal(sampleHub, hubName);
        Assert.Contains("hubName: hubName", hubModule.Value, StringComparison.Ordinal);
        Assert.Contains("hubName: hubName", appModule.Value, StringComparison.Ordinal);
        Assert.Contains("name: hubName", hubResource.Value, StringComparison.Ordinal);
        Assert.Equal("hubName", appSetting.ValueExpression);
    }

    [Fact]
    public void EventHandler_IsTheAppsOwnRoute_ForTheEventsTheAppHandles()
    {
        var webPubSubFunction = FunctionBinding.ReadAll().Single(b => b.FunctionName == "webpubsub" && b.Type == "httpTrigger");
        var hub = InfraFiles.Module("webpubsub-hub").OfKind("resource")
            .Single(r => r.Target.StartsWith("Microsoft.SignalRService/webPubSub/hubs@", StringComparison.Ordinal));
        var route = System.Text.Json.JsonDocument.Parse(Repository.ReadText($"{FunctionBinding.FunctionsFolder}/webpubsub/function.json"))
            .RootElement.GetProperty("bindings")[0].GetProperty("route").GetString();

        Assert.Equal("in", webPubSubFunction.Direction);
        Assert.Contains($"urlTemplate: 'https://${{functionAppHostName}}/api/{route}'", hub.Value, StringComparison.Ordinal);
        Assert.DoesNotContain("runtime/webhooks", hub.Value, StringComparison.Ordinal);
        foreach (var systemEvent in new[] { "'connect'", "'connected'", "'disconnected'" })
        {
            Assert.Contains(systemEvent, hub.Value, StringComparison.Ordinal);
        }

        Assert.Contains("userEventPattern: '*'", hub.Value, StringComparison.Ordinal);
        Assert.Contains("type: 'ManagedIdentity'", hub.Value, StringComparison.Ordinal);
    }

    [Fact]
    public void Tables_AreDeployed()
    {
        var tables = InfraFiles.Main.StringArrayVariable("tableNames") ?? [];

        Assert.Equal(["Notifications", "Inbox", "Streams", "UserConnections"], tables);
    }

    private static IReadOnlyList<string> StorageQueueNames() =>
        InfraFiles.Main.StringArrayVariable("storageQueueNames")
            ?? throw new InvalidOperationException($"{InfraFiles.MainPath} has no `var storageQueueNames = [ ... ]`.");

    private static IReadOnlyList<string> ServiceBusQueueNames() =>
        InfraFiles.Main.StringVariable("serviceBusQueueName") is { } name
            ? [name]
            : throw new InvalidOperationException($"{InfraFiles.MainPath} has no `var serviceBusQueueName = '...'`.");
}

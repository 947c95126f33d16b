using System.Text.Json;
using Notifier.Infra.Tests.Checks;

namespace Notifier.Infra.Tests;

/// <summary>The function.json bindings find their connections, queues and hub in what the compiled Bicep deploys.</summary>
[Collection(CompiledInfra.Collection)]
public sealed class FunctionBindingDriftTests(CompiledInfra infra)
{
    internal const string HubType = "Microsoft.SignalRService/webPubSub/hubs";
    internal const string StorageQueueType = "Microsoft.Storage/storageAccounts/queueServices/queues";
    internal const string ServiceBusQueueType = "Microsoft.ServiceBus/namespaces/queues";

    [Fact]
    public void EveryBindingConnection_IsProvidedInItsIdentityBasedForm()
    {
        var findings = BindingCoverage.CheckConnections(FunctionBinding.ReadAll(), infra.Production.AppSettings);

        Assert.True(findings.Count == 0, AppSettingsDriftTests.Report("Binding connections the Bicep does not provide", findings));
    }

    [Fact]
    public void EveryBindingQueue_IsDeployed()
    {
        var findings = BindingCoverage.CheckQueues(
            FunctionBinding.ReadAll(),
            QueueNames(StorageQueueType),
            QueueNames(ServiceBusQueueType),
            CompiledInfra.MainPath);

        Assert.True(findings.Count == 0, AppSettingsDriftTests.Report("Queues the functions use but the Bicep does not deploy", findings));
    }

    [Fact]
    public void EveryDeployedQueue_IsUsedByAFunction()
    {
        var used = FunctionBinding.ReadAll().Select(b => b.QueueName).OfType<string>().ToHashSet(StringComparer.Ordinal);

        Assert.All(QueueNames(StorageQueueType).Concat(QueueNames(ServiceBusQueueType)), queue => Assert.Contains(queue, used));
    }

    [Fact]
    public void ServiceBusQueue_DeadLettersWhatItCannotDeliver()
    {
        var queue = infra.Production.Single(ServiceBusQueueType);

        Assert.True(queue.At("properties", "deadLetteringOnMessageExpiration")?.GetBoolean());
        Assert.Equal(5, queue.At("properties", "maxDeliveryCount")?.GetInt32());
    }

    [Fact]
    public void Hub_IsTheSampleHub_AndTheAppSettingNamesIt()
    {
        var sampleHub = LocalSettingsSample.Read().Single(s => s.Key == "WebPubSubHub").Value;

        var webPubSubDeployments = infra.Snapshots.Where(s => !TransportTests.IsSignalR(s)).ToList();

        Assert.NotEmpty(webPubSubDeployments);
        Assert.All(webPubSubDeployments, deployment =>
        {
            var hub = deployment.Single(HubType);
            Assert.Equal(sampleHub, hub.ShortName);
            Assert.Equal(sampleHub, deployment.AppSettings.Single(s => s.Key == "WebPubSubHub").Value);
            Assert.Equal("deny", hub.Text("properties", "anonymousConnectPolicy"));
        });
    }

    [Fact]
    public void EventHandler_IsTheAppsOwnRoute_ForTheEventsTheAppHandles_WithTheServiceIdentitysToken()
    {
        var deployment = infra.Production;
        var webPubSubFunction = FunctionBinding.ReadAll().Single(b => b.FunctionName == "webpubsub" && b.Type == "httpTrigger");
        var route = JsonDocument.Parse(Repository.ReadText($"{FunctionBinding.FunctionsFolder}/webpubsub/function.json"))
            .RootElement.GetProperty("bindings")[0].GetProperty("route").GetString();
        var site = deployment.Single(DeploymentTests.SiteType).Id;
        var webPubSub = deployment.Single("Microsoft.SignalRService/webPubSub").Id;
        var handler = Assert.Single(deployment.Single(HubType).At("properties", "eventHandlers")!.Value.EnumerateArray());

        Assert.Equal("in", webPubSubFunction.Direction);
        var url = handler.GetProperty("urlTemplate").GetString()!;
        Assert.StartsWith($"[format('https://{{0}}/api/{route}', ", url, StringComparison.Ordinal);
        Assert.True(ArmExpressions.Mentions(url, site) && url.EndsWith(".defaultHostName)]", StringComparison.Ordinal), $"{url} is not the function app's host name.");
        Assert.Equal(["connect", "connected", "disconnected"], handler.GetProperty("systemEvents").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("*", handler.GetProperty("userEventPattern").GetString());

        // Web PubSub asks Entra ID for a token of this audience; the app accepts exactly that audience from exactly the
        // service's identity.
        var auth = handler.GetProperty("auth");
        var settings = deployment.AppSettings.ToDictionary(s => s.Key, s => s.Value, StringComparer.Ordinal);
        Assert.Equal("ManagedIdentity", auth.GetProperty("type").GetString());
        Assert.Equal(CompiledInfra.EventHandlerAudience, auth.GetProperty("managedIdentity").GetProperty("resource").GetString());
        Assert.Equal(CompiledInfra.EventHandlerAudience, settings["Notifier__EventHandler__Audience"]);
        Assert.True(
            ArmExpressions.IsPropertyOf(settings["Notifier__EventHandler__CallerObjectId"], webPubSub, "identity.principalId"),
            $"Notifier__EventHandler__CallerObjectId = {settings["Notifier__EventHandler__CallerObjectId"]} is not the Web PubSub identity.");
        Assert.Equal("SystemAssigned", deployment.Single("Microsoft.SignalRService/webPubSub").Text("identity", "type"));
    }

    [Fact]
    public void Tables_AreDeployed()
    {
        var tables = infra.Production.OfType("Microsoft.Storage/storageAccounts/tableServices/tables").Select(t => t.ShortName);

        Assert.Equal(["Inbox", "Notifications", "Streams", "UserConnections"], tables.Order(StringComparer.Ordinal));
    }

    private List<string> QueueNames(string type) =>
        infra.Snapshots.SelectMany(s => s.OfType(type)).Select(q => q.ShortName).Distinct(StringComparer.Ordinal).ToList();
}

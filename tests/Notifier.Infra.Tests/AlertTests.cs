using System.Text.Json;
using Notifier.Infra.Tests.Checks;

namespace Notifier.Infra.Tests;

/// <summary>
/// The alerts an operator must act on are deployed, watch the resources and queues the app really uses, and notify
/// the action group.
/// </summary>
[Collection(CompiledInfra.Collection)]
public sealed class AlertTests(CompiledInfra infra)
{
    private const string MetricAlertType = "Microsoft.Insights/metricAlerts";
    private const string LogAlertType = "Microsoft.Insights/scheduledQueryRules";
    private const string ActionGroupType = "Microsoft.Insights/actionGroups";

    [Fact]
    public void PoisonQueue_MessagesStandingInTheStorageQueues_Alert()
    {
        var deployment = infra.Production;
        var storage = deployment.Single("Microsoft.Storage/storageAccounts").Id;
        var alert = MetricAlert(deployment, "QueueMessageCount");

        // Storage counts queue messages per account, hourly: the alert watches the queue service that holds the poison queue.
        Assert.Equal([$"{storage}/queueServices/default"], Scopes(alert));
        Assert.Contains(FunctionBinding.ReadAll(), b => b.UsesStorageQueue && b.Direction == "out" && b.QueueName == "notifications-poison");
        Assert.Equal("Microsoft.Storage/storageAccounts/queueServices", Criterion(alert).GetProperty("metricNamespace").GetString());
        Assert.Equal("GreaterThan", Criterion(alert).GetProperty("operator").GetString());
        Assert.Equal(0, Criterion(alert).GetProperty("threshold").GetDouble());
    }

    [Fact]
    public void DeadLetters_OfTheQueueTheAppReads_Alert()
    {
        var deployment = infra.Production;
        var alert = MetricAlert(deployment, "DeadletteredMessages");
        var queue = FunctionBinding.ReadAll().Single(b => b.UsesServiceBus).QueueName;

        Assert.Equal([deployment.Single("Microsoft.ServiceBus/namespaces").Id], Scopes(alert));
        var dimension = Assert.Single(Criterion(alert).GetProperty("dimensions").EnumerateArray());
        Assert.Equal("EntityName", dimension.GetProperty("name").GetString());
        Assert.Equal([queue], dimension.GetProperty("values").EnumerateArray().Select(v => v.GetString()));
        Assert.Equal(0, Criterion(alert).GetProperty("threshold").GetDouble());
    }

    [Fact]
    public void Connections_NearTheUnitsQuota_Alert_OnTheServiceThatHoldsThem()
    {
        Assert.All(infra.Snapshots, deployment =>
        {
            var alert = MetricAlert(deployment, "ConnectionQuotaUtilization");
            var (type, metricNamespace) = TransportTests.IsSignalR(deployment)
                ? (TransportTests.SignalRType, "Microsoft.SignalRService/SignalR")
                : (TransportTests.WebPubSubType, "Microsoft.SignalRService/WebPubSub");

            Assert.Equal([deployment.OfType(type).Select(r => r.Id).Distinct(StringComparer.Ordinal).Single()], Scopes(alert));
            Assert.Equal(metricNamespace, Criterion(alert).GetProperty("metricNamespace").GetString());
            Assert.Equal("Maximum", Criterion(alert).GetProperty("timeAggregation").GetString());
            Assert.Equal(80, Criterion(alert).GetProperty("threshold").GetDouble());
        });
    }

    [Fact]
    public void Http5xxRate_Alerts_OnTheAppsRequests()
    {
        var deployment = infra.Production;
        var (alert, criterion) = LogAlert(deployment, "failedPercent");

        Assert.Equal([deployment.Single("Microsoft.Insights/components").Id], Scopes(alert));
        Assert.Contains("resultCode", criterion.GetProperty("query").GetString(), StringComparison.Ordinal);
        Assert.Equal(5, criterion.GetProperty("threshold").GetDouble());
    }

    [Fact]
    public void PublishP95_Alerts_OnTheRequestsOfExactlyThePublishingFunctions()
    {
        var deployment = infra.Production;
        var (alert, criterion) = LogAlert(deployment, "p95");
        var query = criterion.GetProperty("query").GetString()!;

        // The functions that publish: the HTTP POST to notifications and every queue trigger.
        var publishing = FunctionBinding.ReadAll()
            .Where(b => b.Direction == "in" && (b.Type is "queueTrigger" or "serviceBusTrigger" || (b.Type == "httpTrigger" && b.FunctionName == "notifications")))
            .Select(b => b.FunctionName)
            .Order(StringComparer.Ordinal)
            .ToList();
        var named = FunctionBinding.ReadAll().Select(b => b.FunctionName).Distinct(StringComparer.Ordinal)
            .Where(f => query.Contains($"\"{f}\"", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);

        Assert.Equal(["notifications", "queue-notifications", "servicebus-notifications"], publishing);
        Assert.Equal(publishing, named);
        Assert.Contains("percentile(duration, 95)", query, StringComparison.Ordinal);
        Assert.Equal([deployment.Single("Microsoft.Insights/components").Id], Scopes(alert));
        Assert.Equal(1000, criterion.GetProperty("threshold").GetDouble());
    }

    [Fact]
    public void EveryAlert_NotifiesTheActionGroup()
    {
        Assert.All(infra.Snapshots, deployment =>
        {
            var group = deployment.Single(ActionGroupType).Id;
            var metricAlerts = deployment.OfType(MetricAlertType).ToList();
            var logAlerts = deployment.OfType(LogAlertType).ToList();

            Assert.Equal(3, metricAlerts.Count);
            Assert.Equal(2, logAlerts.Count);
            Assert.All(metricAlerts, a => Assert.Equal(
                [group],
                a.At("properties", "actions")!.Value.EnumerateArray().Select(x => x.GetProperty("actionGroupId").GetString())));
            Assert.All(logAlerts, a => Assert.Equal(
                [group],
                a.At("properties", "actions", "actionGroups")!.Value.EnumerateArray().Select(x => x.GetString())));
            Assert.All([.. metricAlerts, .. logAlerts], a => Assert.True(a.At("properties", "enabled")?.GetBoolean()));
        });
    }

    [Fact]
    public void ActionGroup_EmailsTheOperator_OnlyWhenOneIsGiven()
    {
        var without = infra.Production.Single(ActionGroupType).At("properties", "emailReceivers")!.Value;
        var with = infra.EveryOption.Single(ActionGroupType).At("properties", "emailReceivers")!.Value;

        Assert.Equal(0, without.GetArrayLength());
        Assert.Equal(CompiledInfra.AlertEmail, Assert.Single(with.EnumerateArray()).GetProperty("emailAddress").GetString());
    }

    private static DeployedResource MetricAlert(DeploymentSnapshot deployment, string metric) =>
        Assert.Single(deployment.OfType(MetricAlertType), a => Criterion(a).GetProperty("metricName").GetString() == metric);

    private static (DeployedResource Alert, JsonElement Criterion) LogAlert(DeploymentSnapshot deployment, string measure)
    {
        var alert = Assert.Single(deployment.OfType(LogAlertType), a => Criterion(a).GetProperty("metricMeasureColumn").GetString() == measure);
        return (alert, Criterion(alert));
    }

    private static JsonElement Criterion(DeployedResource alert) =>
        Assert.Single(alert.At("properties", "criteria", "allOf")!.Value.EnumerateArray());

    private static IEnumerable<string?> Scopes(DeployedResource alert) =>
        alert.At("properties", "scopes")!.Value.EnumerateArray().Select(s => s.GetString());
}

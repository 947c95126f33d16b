// Alerts for what an operator must act on, all sent to one action group:
//   - messages standing in a Storage queue (the poison queue: the ingestion queue drains in seconds),
//   - dead-lettered messages in the Service Bus queue,
//   - the share of HTTP requests that fail with 5xx,
//   - publish latency (p95 of the publishing functions' requests) above a threshold,
//   - Web PubSub connections near the quota of the provisioned units.
// infra/README.md ("Alerts") says what each one means and what to do.

@description('Azure region of the log alert rules (metric alerts and the action group are global).')
param location string

@description('Tags applied to every alert and the action group.')
param tags object

@description('Name prefix of the alert rules and the action group.')
param baseName string

@description('Email address the action group notifies; empty creates the group without receivers (alerts still show in the portal).')
param alertEmail string

@description('Name of the storage account that holds the ingestion and poison queues.')
param storageAccountName string

@description('Name of the Service Bus namespace.')
param serviceBusNamespaceName string

@description('Name of the Service Bus queue whose dead-letter queue is watched.')
param serviceBusQueueName string

@description('Name of the Web PubSub resource; empty when the transport is SignalR.')
param webPubSubName string

@description('Name of the SignalR Service resource; empty when the transport is Web PubSub.')
param signalRName string

@description('Name of the Application Insights component the function app reports to.')
param appInsightsName string

@description('Names of the functions that publish notifications (HTTP and queue triggers): their requests time the publish path.')
param publishFunctionNames string[]

@description('Publish p95 (milliseconds) above which the latency alert fires.')
@minValue(1)
param publishP95Milliseconds int

@description('Share of HTTP requests answered with 5xx (percent) above which the error-rate alert fires.')
@minValue(1)
@maxValue(100)
param http5xxPercent int

@description('Web PubSub connections as a share of the units\' quota (percent) above which the capacity alert fires.')
@minValue(1)
@maxValue(100)
param connectionQuotaPercent int

// Fewer HTTP requests than this in a window say nothing about a rate (one failed request of two is not an outage).
var minimumRequestsForRate = 20

resource storage 'Microsoft.Storage/storageAccounts@2026-09-01' existing = {
  name: storageAccountName
}

resource queueService 'Microsoft.Storage/storageAccounts/queueServices@2026-09-01' existing = {
  parent: storage
  name: 'default'
}

resource serviceBus 'Microsoft.ServiceBus/namespaces@2026-01-01' existing = {
  name: serviceBusNamespaceName
}

resource webPubSub 'Microsoft.SignalRService/webPubSub@2024-03-01' existing = if (!empty(webPubSubName)) {
  name: webPubSubName
}

resource signalR 'Microsoft.SignalRService/signalR@2024-03-01' existing = if (!empty(signalRName)) {
  name: signalRName
}

// The service that holds the client connections: both report ConnectionQuotaUtilization.
var connectionService = empty(signalRName)
  ? {
      id: webPubSub.id
      metricNamespace: 'Microsoft.SignalRService/WebPubSub'
      description: 'Web PubSub'
      capacityParameter: 'webPubSubCapacity'
    }
  : {
      id: signalR.id
      metricNamespace: 'Microsoft.SignalRService/SignalR'
      description: 'SignalR Service'
      capacityParameter: 'signalRCapacity'
    }

resource appInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: appInsightsName
}

resource actionGroup 'Microsoft.Insights/actionGroups@2023-01-01' = {
  name: 'ag-${baseName}'
  location: 'global'
  tags: tags
  properties: {
    groupShortName: 'notifier'
    enabled: true
    emailReceivers: empty(alertEmail) ? [] : [
      {
        name: 'operator'
        emailAddress: alertEmail
        useCommonAlertSchema: true
      }
    ]
  }
}

// Storage reports queue message counts per account (no per-queue dimension) once an hour. The ingestion queue
// empties within seconds, so a count above zero over hours is the poison queue: messages that failed every attempt
// or could never be read, waiting for an operator.
resource poisonQueueAlert 'Microsoft.Insights/metricAlerts@2026-01-01' = {
  name: 'alert-${baseName}-poison-queue'
  location: 'global'
  tags: tags
  properties: {
    description: 'Messages are standing in a Storage queue: the poison queue holds notifications that could not be stored. Inspect notifications-poison (infra/README.md, Alerts).'
    severity: 2
    enabled: true
    scopes: [
      queueService.id
    ]
    evaluationFrequency: 'PT1H'
    windowSize: 'PT6H'
    criteria: {
      'odata.type': 'Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria'
      allOf: [
        {
          criterionType: 'StaticThresholdCriterion'
          name: 'queued-messages'
          metricNamespace: 'Microsoft.Storage/storageAccounts/queueServices'
          metricName: 'QueueMessageCount'
          operator: 'GreaterThan'
          threshold: 0
          timeAggregation: 'Average'
        }
      ]
    }
    autoMitigate: true
    actions: [
      {
        actionGroupId: actionGroup.id
      }
    ]
  }
}

resource deadLetterAlert 'Microsoft.Insights/metricAlerts@2026-01-01' = {
  name: 'alert-${baseName}-dead-letters'
  location: 'global'
  tags: tags
  properties: {
    description: 'The Service Bus queue has dead-lettered messages: notifications that could not be stored after every delivery, or expired. Inspect ${serviceBusQueueName}/$deadletterqueue (infra/README.md, Alerts).'
    severity: 2
    enabled: true
    scopes: [
      serviceBus.id
    ]
    evaluationFrequency: 'PT5M'
    windowSize: 'PT15M'
    criteria: {
      'odata.type': 'Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria'
      allOf: [
        {
          criterionType: 'StaticThresholdCriterion'
          name: 'dead-lettered-messages'
          metricNamespace: 'Microsoft.ServiceBus/namespaces'
          metricName: 'DeadletteredMessages'
          dimensions: [
            {
              name: 'EntityName'
              operator: 'Include'
              values: [
                serviceBusQueueName
              ]
            }
          ]
          operator: 'GreaterThan'
          threshold: 0
          timeAggregation: 'Maximum'
        }
      ]
    }
    autoMitigate: true
    actions: [
      {
        actionGroupId: actionGroup.id
      }
    ]
  }
}

resource connectionQuotaAlert 'Microsoft.Insights/metricAlerts@2026-01-01' = {
  name: 'alert-${baseName}-connection-quota'
  location: 'global'
  tags: tags
  properties: {
    description: '${connectionService.description} connections are above ${connectionQuotaPercent}% of the units\' quota (1,000 per unit): new clients will be refused once it is full. Add units (${connectionService.capacityParameter}).'
    severity: 2
    enabled: true
    scopes: [
      connectionService.id
    ]
    evaluationFrequency: 'PT5M'
    windowSize: 'PT15M'
    criteria: {
      'odata.type': 'Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria'
      allOf: [
        {
          criterionType: 'StaticThresholdCriterion'
          name: 'connection-quota-utilization'
          metricNamespace: connectionService.metricNamespace
          metricName: 'ConnectionQuotaUtilization'
          operator: 'GreaterThan'
          threshold: connectionQuotaPercent
          timeAggregation: 'Maximum'
        }
      ]
    }
    autoMitigate: true
    actions: [
      {
        actionGroupId: actionGroup.id
      }
    ]
  }
}

// The Functions host records one request per HTTP call (url set) and per queue-triggered invocation (no url).
var http5xxQuery = '''
requests
| where url startswith "http"
| summarize total = count(), failed = countif(toint(resultCode) >= 500)
| where total >= {0}
| project failedPercent = 100.0 * failed / total
'''

resource http5xxAlert 'Microsoft.Insights/scheduledQueryRules@2026-03-01' = {
  name: 'alert-${baseName}-http-5xx'
  location: location
  tags: tags
  kind: 'LogAlert'
  properties: {
    displayName: 'Notifier: HTTP 5xx rate'
    description: 'More than ${http5xxPercent}% of the function app\'s HTTP requests failed with 5xx in 15 minutes. Look at the failed requests and their exceptions (infra/README.md, Alerts).'
    severity: 1
    enabled: true
    scopes: [
      appInsights.id
    ]
    evaluationFrequency: 'PT5M'
    windowSize: 'PT15M'
    criteria: {
      allOf: [
        {
          query: format(http5xxQuery, minimumRequestsForRate)
          timeAggregation: 'Maximum'
          metricMeasureColumn: 'failedPercent'
          operator: 'GreaterThan'
          threshold: http5xxPercent
          failingPeriods: {
            numberOfEvaluationPeriods: 1
            minFailingPeriodsToAlert: 1
          }
        }
      ]
    }
    autoMitigate: true
    actions: {
      actionGroups: [
        actionGroup.id
      ]
    }
  }
}

// Request durations (milliseconds) of the publishing functions: HTTP publish and both queue triggers.
var publishLatencyQuery = '''
requests
| where name in ({0})
| summarize p95 = percentile(duration, 95)
'''

resource publishLatencyAlert 'Microsoft.Insights/scheduledQueryRules@2026-03-01' = {
  name: 'alert-${baseName}-publish-p95'
  location: location
  tags: tags
  kind: 'LogAlert'
  properties: {
    displayName: 'Notifier: publish p95'
    description: 'The 95th percentile of publish requests took longer than ${publishP95Milliseconds} ms over 15 minutes. Look at the slow requests\' dependencies (Table storage, Web PubSub) in infra/README.md, Alerts.'
    severity: 2
    enabled: true
    scopes: [
      appInsights.id
    ]
    evaluationFrequency: 'PT5M'
    windowSize: 'PT15M'
    criteria: {
      allOf: [
        {
          query: format(publishLatencyQuery, join(map(publishFunctionNames, name => '"${name}"'), ', '))
          timeAggregation: 'Maximum'
          metricMeasureColumn: 'p95'
          operator: 'GreaterThan'
          threshold: publishP95Milliseconds
          failingPeriods: {
            numberOfEvaluationPeriods: 1
            minFailingPeriodsToAlert: 1
          }
        }
      ]
    }
    autoMitigate: true
    actions: {
      actionGroups: [
        actionGroup.id
      ]
    }
  }
}

@description('Name of the action group every alert notifies (add receivers to it in the portal or here).')
output actionGroupName string = actionGroup.name

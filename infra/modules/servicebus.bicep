// Service Bus namespace and the queue backends send notifications to (the servicebus-notifications function's
// trigger). Local (SAS) authentication is off: senders and the function app use Entra ID and RBAC.

@description('Name of the Service Bus namespace.')
@minLength(6)
@maxLength(50)
param name string

@description('Azure region of the namespace.')
param location string

@description('Tags applied to the namespace.')
param tags object

@description('Name of the queue the function app is triggered by.')
param queueName string

@description('Deliveries of a message before it moves to the dead-letter queue.')
@minValue(1)
@maxValue(100)
param maxDeliveryCount int

@description('How long an unprocessed message lives (ISO 8601 duration); expired messages are dead-lettered.')
param messageTimeToLive string

@description('Resource id of the Log Analytics workspace that receives the namespace logs.')
param logAnalyticsWorkspaceId string

resource namespace 'Microsoft.ServiceBus/namespaces@2026-01-01' = {
  name: name
  location: location
  tags: tags
  sku: {
    name: 'Standard'
    tier: 'Standard'
  }
  properties: {
    minimumTlsVersion: '1.2'
    disableLocalAuth: true
    publicNetworkAccess: 'Enabled'
  }
}

resource queue 'Microsoft.ServiceBus/namespaces/queues@2026-01-01' = {
  parent: namespace
  name: queueName
  properties: {
    lockDuration: 'PT1M'
    maxDeliveryCount: maxDeliveryCount
    deadLetteringOnMessageExpiration: true
    defaultMessageTimeToLive: messageTimeToLive
    requiresSession: false
    requiresDuplicateDetection: false
    enableBatchedOperations: true
    maxSizeInMegabytes: 1024
  }
}

// The newest diagnosticSettings version (the only GA one, 2016-09-01, is the older per-service form without
// category groups).
#disable-next-line use-recent-api-versions
resource diagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: namespace
  properties: {
    workspaceId: logAnalyticsWorkspaceId
    logs: [
      {
        categoryGroup: 'allLogs'
        enabled: true
      }
    ]
    metrics: [
      {
        category: 'AllMetrics'
        enabled: true
      }
    ]
  }
}

@description('Name of the namespace.')
output name string = namespace.name

@description('Host name of the namespace (<name>.servicebus.<cloud suffix>), taken from the service endpoint.')
output fullyQualifiedNamespace string = split(split(namespace.properties.serviceBusEndpoint, '//')[1], ':')[0]

@description('Name of the queue.')
output queueName string = queue.name

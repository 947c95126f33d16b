// Role assignments, least privilege, for the function app identity (and optional backend senders).
// Built-in role definition ids: https://learn.microsoft.com/azure/role-based-access-control/built-in-roles

@description('Principal (object) id of the function app\'s user-assigned identity.')
param appPrincipalId string

@description('Name of the storage account (host storage, deployment container, tables, queues).')
param storageAccountName string

@description('Name of the Service Bus namespace.')
param serviceBusNamespaceName string

@description('Name of the Service Bus queue the app is triggered by.')
param serviceBusQueueName string

@description('Name of the Web PubSub resource; empty when the transport is SignalR.')
param webPubSubName string

@description('Name of the SignalR Service resource; empty when the transport is Web PubSub.')
param signalRName string

@description('Name of the Application Insights component.')
param appInsightsName string

@description('Principal (object) ids of backend service principals or managed identities allowed to send to the Service Bus queue.')
param serviceBusSenderPrincipalIds string[]

var roleIds = {
  // Host storage (leases, keys, timers) and the Flex deployment container.
  storageBlobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
  // Inbox and state tables; the Functions host's own table use.
  storageTableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
  // queueTrigger (read, delete) and the poison queue (write).
  storageQueueDataContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
  // serviceBusTrigger on one queue.
  serviceBusDataReceiver: '4f6d3b9b-027b-4f4c-9142-0e5a2a2247e0'
  // Backends that enqueue notifications.
  serviceBusDataSender: '69a216fc-b8fb-44d8-bc22-1f3c2cd27a39'
  // Web PubSub REST API: send, groups, connections, :generateToken.
  webPubSubServiceOwner: '12cf5a90-567b-43ae-8102-96cf46c7d9b4'
  // SignalR Service: client access tokens with Entra ID (negotiate).
  signalRAppServer: '420fcaa2-552c-430f-98ca-3264be4806c7'
  // SignalR Service REST API: send, groups, connections.
  signalRRestApiOwner: 'fd53cd77-2268-407a-8f46-7e7863d0f521'
  // Telemetry with Entra ID (Application Insights local auth is disabled).
  monitoringMetricsPublisher: '3913510d-42f4-4e42-8a64-420c390055eb'
}

resource storage 'Microsoft.Storage/storageAccounts@2026-09-01' existing = {
  name: storageAccountName
}

resource serviceBus 'Microsoft.ServiceBus/namespaces@2026-01-01' existing = {
  name: serviceBusNamespaceName
}

resource serviceBusQueue 'Microsoft.ServiceBus/namespaces/queues@2026-01-01' existing = {
  parent: serviceBus
  name: serviceBusQueueName
}

resource webPubSub 'Microsoft.SignalRService/webPubSub@2024-03-01' existing = if (!empty(webPubSubName)) {
  name: webPubSubName
}

resource signalR 'Microsoft.SignalRService/signalR@2024-03-01' existing = if (!empty(signalRName)) {
  name: signalRName
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: appInsightsName
}

resource appBlobOwner 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage.id, appPrincipalId, roleIds.storageBlobDataOwner)
  scope: storage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleIds.storageBlobDataOwner)
    principalId: appPrincipalId
    principalType: 'ServicePrincipal'
  }
}

resource appTableContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage.id, appPrincipalId, roleIds.storageTableDataContributor)
  scope: storage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleIds.storageTableDataContributor)
    principalId: appPrincipalId
    principalType: 'ServicePrincipal'
  }
}

resource appQueueContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage.id, appPrincipalId, roleIds.storageQueueDataContributor)
  scope: storage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleIds.storageQueueDataContributor)
    principalId: appPrincipalId
    principalType: 'ServicePrincipal'
  }
}

resource appServiceBusReceiver 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(serviceBusQueue.id, appPrincipalId, roleIds.serviceBusDataReceiver)
  scope: serviceBusQueue
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleIds.serviceBusDataReceiver)
    principalId: appPrincipalId
    principalType: 'ServicePrincipal'
  }
}

resource appWebPubSubOwner 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(webPubSubName)) {
  name: guid(webPubSub.id, appPrincipalId, roleIds.webPubSubServiceOwner)
  scope: webPubSub
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleIds.webPubSubServiceOwner)
    principalId: appPrincipalId
    principalType: 'ServicePrincipal'
  }
}

resource appSignalRAppServer 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(signalRName)) {
  name: guid(signalR.id, appPrincipalId, roleIds.signalRAppServer)
  scope: signalR
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleIds.signalRAppServer)
    principalId: appPrincipalId
    principalType: 'ServicePrincipal'
  }
}

resource appSignalRRestApiOwner 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(signalRName)) {
  name: guid(signalR.id, appPrincipalId, roleIds.signalRRestApiOwner)
  scope: signalR
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleIds.signalRRestApiOwner)
    principalId: appPrincipalId
    principalType: 'ServicePrincipal'
  }
}

resource appMetricsPublisher 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(appInsights.id, appPrincipalId, roleIds.monitoringMetricsPublisher)
  scope: appInsights
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleIds.monitoringMetricsPublisher)
    principalId: appPrincipalId
    principalType: 'ServicePrincipal'
  }
}

resource backendSenders 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for senderPrincipalId in serviceBusSenderPrincipalIds: {
    name: guid(serviceBusQueue.id, senderPrincipalId, roleIds.serviceBusDataSender)
    scope: serviceBusQueue
    properties: {
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleIds.serviceBusDataSender)
      principalId: senderPrincipalId
      principalType: 'ServicePrincipal'
    }
  }
]

// Notifier: the whole system in one resource group.
//   az deployment group create -g <rg> -f infra/main.bicep -p infra/main.bicepparam
// then publish the function app package (infra/README.md):
//   az functionapp deployment source config-zip -g <rg> -n <functionAppName> --src artifacts/publish/notifier-functions.zip
targetScope = 'resourceGroup'

@description('Short name prefix of every resource (lowercase letters and digits); a hash of the resource group id follows it.')
@minLength(2)
@maxLength(10)
param prefix string = 'notifier'

@description('Azure region of every resource; the resource group\'s region by default.')
param location string = resourceGroup().location

@description('Tags applied to every resource.')
param tags object = {
  application: 'notifier'
}

// ---- Function app (Flex Consumption) ----

@description('Memory of each function app instance, in MB.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

@description('Most function app instances (Flex Consumption allows up to 1000).')
@minValue(1)
@maxValue(1000)
param maximumInstanceCount int = 100

@description('Always-ready instances per scale group: \'http\' (all HTTP functions: negotiate, publish, inbox, event handler) and \'function:<name>\' for triggers. One warm HTTP instance keeps negotiate and the event handler off the cold-start path.')
param alwaysReady object[] = [
  {
    name: 'http'
    instanceCount: 1
  }
]

@description('Browser origins allowed to call the HTTP API (for example https://app.contoso.com); empty allows none.')
param corsAllowedOrigins string[] = []

@description('Run the Storage-queue ingestion function next to the Service Bus one (backends may use either queue).')
param enableStorageQueueIngestion bool = true

// ---- Users (web clients) ----

@description('OpenID Connect authority of user tokens; empty means Entra ID of this tenant (v2.0 endpoint).')
param userTokenAuthority string = ''

@description('Expected issuer of user tokens; empty takes it from the authority\'s metadata.')
param userTokenIssuer string = ''

@description('Expected audience of user tokens (the client id or Application ID URI of the Notifier API app registration).')
@minLength(1)
param userTokenAudience string

@description('Claim that holds the user id (Entra ID: \'oid\' is stable across apps, \'sub\' is per app).')
param userIdClaim string = 'sub'

@description('Claim that holds the user\'s roles (used by role-restricted topics).')
param userRoleClaim string = 'roles'

// ---- Publishers (backends) ----

@description('Authority of publisher Entra tokens; empty means Entra ID of this tenant.')
param publisherTokenAuthority string = ''

@description('Expected audience of publisher Entra tokens; empty turns Entra publishers off (function keys only).')
param publisherTokenAudience string = ''

@description('App role a publisher token must carry.')
param publisherAppRole string = 'Notifications.Publish'

@description('Principal (object) ids of backend identities granted Azure Service Bus Data Sender on the queue.')
param serviceBusSenderPrincipalIds string[] = []

// ---- Transport (Web PubSub or SignalR Service) ----

@description('Service that holds the client connections: \'WebPubSub\' (Azure Web PubSub) or \'SignalR\' (Azure SignalR Service in serverless mode, for @microsoft/signalr clients). Only the chosen one is deployed.')
@allowed([
  'WebPubSub'
  'SignalR'
])
param transport string = 'WebPubSub'

@description('SignalR Service tier (transport SignalR).')
@allowed([
  'Standard_S1'
  'Premium_P1'
])
param signalRSku string = 'Standard_S1'

@description('SignalR Service units (1,000 concurrent connections each; transport SignalR).')
@minValue(1)
@maxValue(100)
param signalRCapacity int = 1

@description('Web PubSub tier.')
@allowed([
  'Standard_S1'
  'Premium_P1'
])
param webPubSubSku string = 'Standard_S1'

@description('Web PubSub units (1,000 concurrent connections each).')
@minValue(1)
@maxValue(100)
param webPubSubCapacity int = 1

@description('Application ID URI (or client id) of the Entra application that represents the event handler; Web PubSub (or SignalR Service) requests its upstream token for this audience.')
@minLength(1)
param eventHandlerAudience string

// ---- Service Bus ----

@description('Deliveries of a queue message before it is dead-lettered.')
@minValue(1)
@maxValue(100)
param serviceBusMaxDeliveryCount int = 5

@description('Time to live of a queued message (ISO 8601); expired messages are dead-lettered.')
param serviceBusMessageTimeToLive string = 'P14D'

// ---- Storage and monitoring ----

@description('Storage redundancy.')
@allowed([
  'Standard_LRS'
  'Standard_ZRS'
])
param storageSku string = 'Standard_LRS'

@description('Days Log Analytics keeps logs.')
@minValue(30)
@maxValue(730)
param logRetentionInDays int = 30

// ---- Alerts ----

@description('Email address the alerts notify; empty creates the action group without receivers (alerts still show in the portal).')
param alertEmail string = ''

@description('Publish p95 (milliseconds, over 15 minutes) above which the latency alert fires.')
@minValue(1)
param alertPublishP95Milliseconds int = 1000

@description('Share of HTTP requests answered with 5xx (percent, over 15 minutes) above which the error-rate alert fires.')
@minValue(1)
@maxValue(100)
param alertHttp5xxPercent int = 5

@description('Web PubSub connections as a share of the units\' quota (percent) above which the capacity alert fires.')
@minValue(1)
@maxValue(100)
param alertConnectionQuotaPercent int = 80

// ---- Notification behaviour ----

@description('Topic groups a user may join: { group, everyone?: bool, role?: string } or, one group per claim value, { group: \'tenant.{value}\', claim: \'tid\' }.')
param topics object[] = [
  {
    group: 'announcements'
    everyone: true
  }
  {
    group: 'ops'
    role: 'ops'
  }
]

@description('Most concurrent connections per user.')
@minValue(1)
param connectionsPerUser int = 10

@description('Lifetime of a client access token (TimeSpan).')
param tokenLifetime string = '01:00:00'

@description('Default time to live of a notification (TimeSpan).')
param defaultTtl string = '7.00:00:00'

@description('Largest time to live a publisher may ask for (TimeSpan).')
param maxTtl string = '30.00:00:00'

@description('How many of a group or broadcast stream\'s latest notifications a user sees the first time their inbox merges it.')
@minValue(0)
@maxValue(10000)
param initialBacklog int = 100

@description('Most recipients (users, groups, all) one publish request or queue message may name, summed over a batch: bounds the work of one request.')
@minValue(1000)
@maxValue(100000)
param maxRecipientsPerRequest int = 2000

@description('Most storage calls the publish pipeline of one instance keeps open at once, shared round robin between publishers.')
@minValue(1)
@maxValue(1000)
param storageConcurrency int = 32

@description('How long an instance appends to an inbox under the head it read (the user\'s mutes and streams): how late a change made through another instance reaches its appends (d.hh:mm:ss, 0 to 1 hour).')
param inboxHeadLifetime string = '00:01:00'

@description('Recipients per second one publisher may send to.')
@minValue(1)
param publisherPerSecond int = 1000

@description('Publisher burst, in recipients.')
@minValue(1)
param publisherBurst int = 2000

@description('User requests per second.')
@minValue(1)
param userPerSecond int = 20

@description('User burst.')
@minValue(1)
param userBurst int = 60

// ---- Names ----

var token = uniqueString(resourceGroup().id)
var baseName = '${toLower(prefix)}-${token}'
var functionAppName = 'func-${baseName}'
var storageAccountName = take('st${replace(toLower(prefix), '-', '')}${token}', 24)
var deploymentContainerName = 'app-package-${take(functionAppName, 32)}'
var entraAuthority = '${environment().authentication.loginEndpoint}${tenant().tenantId}/v2.0'

var useSignalR = transport == 'SignalR'

// Wire contracts shared with the app: the hub name (WebPubSubHub or SignalRHub), the tables, the queue names in function.json.
var hubName = 'notifications'
var tableNames = [
  'Notifications'
  'Inbox'
  'Streams'
  'UserConnections'
]
var storageQueueNames = [
  'notifications'
  'notifications-poison'
]
var serviceBusQueueName = 'notifications'
// The functions that publish (function.json folders): their requests time the publish path for the latency alert.
var publishFunctionNames = [
  'notifications'
  'queue-notifications'
  'servicebus-notifications'
]

module appIdentity 'modules/identity.bicep' = {
  name: 'identity'
  params: {
    name: 'id-${baseName}'
    location: location
    tags: tags
  }
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: {
    workspaceName: 'log-${baseName}'
    appInsightsName: 'appi-${baseName}'
    location: location
    tags: tags
    retentionInDays: logRetentionInDays
  }
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  params: {
    name: storageAccountName
    location: location
    tags: tags
    skuName: storageSku
    deploymentContainerName: deploymentContainerName
    tableNames: tableNames
    queueNames: storageQueueNames
  }
}

module serviceBus 'modules/servicebus.bicep' = {
  name: 'servicebus'
  params: {
    name: 'sb-${baseName}'
    location: location
    tags: tags
    queueName: serviceBusQueueName
    maxDeliveryCount: serviceBusMaxDeliveryCount
    messageTimeToLive: serviceBusMessageTimeToLive
    logAnalyticsWorkspaceId: monitoring.outputs.workspaceId
  }
}

module webPubSub 'modules/webpubsub.bicep' = if (!useSignalR) {
  name: 'webpubsub'
  params: {
    name: 'wps-${baseName}'
    location: location
    tags: tags
    skuName: webPubSubSku
    capacity: webPubSubCapacity
    logAnalyticsWorkspaceId: monitoring.outputs.workspaceId
  }
}

// Without the upstream: the function app needs the service's host name and identity first (signalr.bicep).
module signalR 'modules/signalr.bicep' = if (useSignalR) {
  name: 'signalr'
  params: {
    name: 'sigr-${baseName}'
    location: location
    tags: tags
    skuName: signalRSku
    capacity: signalRCapacity
    logAnalyticsWorkspaceId: monitoring.outputs.workspaceId
    hubName: hubName
    withUpstream: false
    upstreamHostName: ''
    eventHandlerAudience: eventHandlerAudience
  }
}

// The service that holds the client connections, whichever the transport is.
var service = useSignalR
  ? {
      name: signalR!.outputs.name
      hostName: signalR!.outputs.hostName
      principalId: signalR!.outputs.principalId
    }
  : {
      name: webPubSub!.outputs.name
      hostName: webPubSub!.outputs.hostName
      principalId: webPubSub!.outputs.principalId
    }

module roles 'modules/roles.bicep' = {
  name: 'roles'
  params: {
    appPrincipalId: appIdentity.outputs.principalId
    storageAccountName: storage.outputs.name
    serviceBusNamespaceName: serviceBus.outputs.name
    serviceBusQueueName: serviceBus.outputs.queueName
    webPubSubName: useSignalR ? '' : service.name
    signalRName: useSignalR ? service.name : ''
    appInsightsName: monitoring.outputs.appInsightsName
    serviceBusSenderPrincipalIds: serviceBusSenderPrincipalIds
  }
}

module functionApp 'modules/functionapp.bicep' = {
  name: 'functionapp'
  params: {
    name: functionAppName
    planName: 'plan-${baseName}'
    location: location
    tags: tags
    identityResourceId: appIdentity.outputs.resourceId
    identityClientId: appIdentity.outputs.clientId
    storageAccountName: storage.outputs.name
    deploymentContainerName: storage.outputs.deploymentContainerName
    appInsightsName: monitoring.outputs.appInsightsName
    serviceBusFullyQualifiedNamespace: serviceBus.outputs.fullyQualifiedNamespace
    transport: transport
    serviceHostName: service.hostName
    servicePrincipalId: service.principalId
    hubName: hubName
    instanceMemoryMB: instanceMemoryMB
    maximumInstanceCount: maximumInstanceCount
    alwaysReady: alwaysReady
    corsAllowedOrigins: corsAllowedOrigins
    userTokenAuthority: empty(userTokenAuthority) ? entraAuthority : userTokenAuthority
    userTokenIssuer: userTokenIssuer
    userTokenAudience: userTokenAudience
    userIdClaim: userIdClaim
    userRoleClaim: userRoleClaim
    publisherTokenAuthority: empty(publisherTokenAuthority) ? entraAuthority : publisherTokenAuthority
    publisherTokenAudience: publisherTokenAudience
    publisherAppRole: publisherAppRole
    eventHandlerAudience: eventHandlerAudience
    topics: topics
    connectionsPerUser: connectionsPerUser
    tokenLifetime: tokenLifetime
    defaultTtl: defaultTtl
    maxTtl: maxTtl
    initialBacklog: initialBacklog
    maxRecipientsPerRequest: maxRecipientsPerRequest
    storageConcurrency: storageConcurrency
    inboxHeadLifetime: inboxHeadLifetime
    publisherPerSecond: publisherPerSecond
    publisherBurst: publisherBurst
    userPerSecond: userPerSecond
    userBurst: userBurst
    enableStorageQueueIngestion: enableStorageQueueIngestion
  }
  // The host starts as soon as the app exists: its identity must already reach storage and the rest.
  dependsOn: [
    roles
  ]
}

module hub 'modules/webpubsub-hub.bicep' = if (!useSignalR) {
  name: 'webpubsub-hub'
  params: {
    webPubSubName: service.name
    hubName: hubName
    functionAppHostName: functionApp.outputs.defaultHostName
    eventHandlerAudience: eventHandlerAudience
  }
}

// The same resource again, now with the upstream pointing at the app.
module signalRUpstream 'modules/signalr.bicep' = if (useSignalR) {
  name: 'signalr-upstream'
  params: {
    name: service.name
    location: location
    tags: tags
    skuName: signalRSku
    capacity: signalRCapacity
    logAnalyticsWorkspaceId: monitoring.outputs.workspaceId
    hubName: hubName
    withUpstream: true
    upstreamHostName: functionApp.outputs.defaultHostName
    eventHandlerAudience: eventHandlerAudience
  }
}

module alerts 'modules/alerts.bicep' = {
  name: 'alerts'
  params: {
    location: location
    tags: tags
    baseName: baseName
    alertEmail: alertEmail
    storageAccountName: storage.outputs.name
    serviceBusNamespaceName: serviceBus.outputs.name
    serviceBusQueueName: serviceBus.outputs.queueName
    webPubSubName: useSignalR ? '' : service.name
    signalRName: useSignalR ? service.name : ''
    appInsightsName: monitoring.outputs.appInsightsName
    publishFunctionNames: publishFunctionNames
    publishP95Milliseconds: alertPublishP95Milliseconds
    http5xxPercent: alertHttp5xxPercent
    connectionQuotaPercent: alertConnectionQuotaPercent
  }
}

@description('Name of the function app (for az functionapp commands).')
output functionAppName string = functionApp.outputs.name

@description('Base URL of the function app.')
output functionAppUrl string = 'https://${functionApp.outputs.defaultHostName}'

@description('Negotiate endpoint for web clients (POST with the user\'s bearer token).')
output negotiateUrl string = 'https://${functionApp.outputs.defaultHostName}/api/negotiate'

@description('Publish endpoint for backends (POST, x-functions-key header or an Entra token).')
output publishUrl string = 'https://${functionApp.outputs.defaultHostName}/api/notifications'

@description('Transport the app uses (WebPubSub or SignalR).')
output transport string = transport

@description('Endpoint of the Web PubSub or SignalR Service resource, whichever the transport is.')
output serviceEndpoint string = 'https://${service.hostName}'

@description('Hub of the Web PubSub or SignalR Service resource.')
output serviceHub string = useSignalR ? hubName : hub!.outputs.name

@description('Service Bus namespace host name (backends send to it with Azure Service Bus Data Sender).')
output serviceBusNamespace string = serviceBus.outputs.fullyQualifiedNamespace

@description('Service Bus queue backends send notifications to.')
output serviceBusQueueName string = serviceBus.outputs.queueName

@description('Storage account name (tables and the Storage queue).')
output storageAccountName string = storage.outputs.name

@description('Client id of the function app identity.')
output appIdentityClientId string = appIdentity.outputs.clientId

@description('Action group every alert notifies.')
output alertActionGroupName string = alerts.outputs.actionGroupName

@description('Command that publishes the function app package built by ./scripts/publish.')
output publishCommand string = 'az functionapp deployment source config-zip -g ${resourceGroup().name} -n ${functionApp.outputs.name} --src artifacts/publish/notifier-functions.zip'

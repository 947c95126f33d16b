// The function app: Flex Consumption (FC1), runtime "custom" (the custom handler `handler` in the package),
// HTTPS only, one user-assigned identity for everything it reaches. App settings hold no secrets: every
// connection is identity-based (<connection>__credential = managedidentity, <connection>__clientId).
//
// Keep `appSettings` in step with local.settings.sample.json: tests/Notifier.Infra.Tests fails when the sample
// lists a setting that is neither set here nor declared local-only there.

@description('Name of the function app.')
param name string

@description('Name of the Flex Consumption plan.')
param planName string

@description('Azure region of the plan and the app.')
param location string

@description('Tags applied to the plan and the app.')
param tags object

@description('Resource id of the app\'s user-assigned identity.')
param identityResourceId string

@description('Client id of the app\'s user-assigned identity.')
param identityClientId string

@description('Name of the storage account (host storage, tables, queues, deployment container).')
param storageAccountName string

@description('Blob container that holds the deployment package.')
param deploymentContainerName string

@description('Name of the Application Insights component.')
param appInsightsName string

@description('Host name of the Service Bus namespace.')
param serviceBusFullyQualifiedNamespace string

@description('Transport between the app and the clients: \'WebPubSub\' or \'SignalR\' (Notifier__Transport).')
@allowed([
  'WebPubSub'
  'SignalR'
])
param transport string

@description('Host name of the Web PubSub or SignalR Service resource, whichever the transport is.')
param serviceHostName string

@description('Object id of the Web PubSub or SignalR Service identity: the only caller the event handler (upstream) accepts.')
param servicePrincipalId string

@description('Hub name (WebPubSubHub or SignalRHub, whichever the transport is).')
param hubName string

@description('Memory of each instance, in MB.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int

@description('Most instances the app scales out to.')
@minValue(1)
@maxValue(1000)
param maximumInstanceCount int

@description('Always-ready instances per scale group, e.g. [ { name: \'http\', instanceCount: 1 } ].')
param alwaysReady object[]

@description('Browser origins allowed to call the HTTP API (negotiate, inbox).')
param corsAllowedOrigins string[]

@description('Authority (OpenID Connect issuer base) of user tokens.')
param userTokenAuthority string

@description('Expected issuer of user tokens; empty takes the issuer from the authority\'s metadata.')
param userTokenIssuer string

@description('Expected audience of user tokens.')
param userTokenAudience string

@description('Claim that holds the user id.')
param userIdClaim string

@description('Claim that holds the user\'s roles.')
param userRoleClaim string

@description('Authority of publisher (backend) Entra tokens; empty with an empty audience turns Entra publishers off.')
param publisherTokenAuthority string

@description('Expected audience of publisher tokens; empty turns Entra publishers off (function keys only).')
param publisherTokenAudience string

@description('App role a publisher token must carry.')
param publisherAppRole string

@description('Audience of the token Web PubSub sends to the event handler.')
param eventHandlerAudience string

@description('Topic groups: objects { group: string, everyone: bool?, role: string? }.')
param topics object[]

@description('Most concurrent connections per user.')
param connectionsPerUser int

@description('Lifetime of a client access token (TimeSpan, e.g. 01:00:00).')
param tokenLifetime string

@description('Default time to live of a notification (TimeSpan).')
param defaultTtl string

@description('Largest time to live a publisher may ask for (TimeSpan).')
param maxTtl string

@description('How many of a group or broadcast stream\'s latest notifications a user sees the first time their inbox merges it.')
param initialBacklog int

@description('Most recipients one publish request or queue message may name, summed over a batch.')
param maxRecipientsPerRequest int

@description('Most storage calls the publish pipeline of one instance keeps open at once.')
param storageConcurrency int

@description('How long an instance appends to an inbox under the head it read (the user\'s mutes and streams).')
param inboxHeadLifetime string

@description('Recipients per second one publisher may send to (token bucket refill).')
param publisherPerSecond int

@description('Publisher burst size, in recipients.')
param publisherBurst int

@description('User requests per second.')
param userPerSecond int

@description('User burst size.')
param userBurst int

@description('Run the Storage-queue ingestion function (queue-notifications) next to the Service Bus one.')
param enableStorageQueueIngestion bool

resource storage 'Microsoft.Storage/storageAccounts@2026-09-01' existing = {
  name: storageAccountName
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: appInsightsName
}

var entraAuthority = '${environment().authentication.loginEndpoint}${tenant().tenantId}/v2.0'

var appSettings = {
  // Functions host storage; the app reads the same settings to reach its tables and queues.
  AzureWebJobsStorage__accountName: storage.name
  AzureWebJobsStorage__blobServiceUri: storage.properties.primaryEndpoints.blob
  AzureWebJobsStorage__queueServiceUri: storage.properties.primaryEndpoints.queue
  AzureWebJobsStorage__tableServiceUri: storage.properties.primaryEndpoints.table
  AzureWebJobsStorage__credential: 'managedidentity'
  AzureWebJobsStorage__clientId: identityClientId

  // serviceBusTrigger connection (function servicebus-notifications).
  ServiceBusConnection__fullyQualifiedNamespace: serviceBusFullyQualifiedNamespace
  ServiceBusConnection__credential: 'managedidentity'
  ServiceBusConnection__clientId: identityClientId

  Notifier__Transport: transport

  // DefaultAzureCredential / ManagedIdentityCredential pick the user-assigned identity.
  AZURE_CLIENT_ID: identityClientId

  // Telemetry with Entra ID; the connection string carries no secret (local auth is disabled).
  APPLICATIONINSIGHTS_CONNECTION_STRING: appInsights.properties.ConnectionString
  APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identityClientId};Authorization=AAD'

  // Users: bearer JWTs from an OpenID Connect authority.
  Notifier__Users__Mode: 'Jwt'
  Notifier__Users__Authority: userTokenAuthority
  Notifier__Users__Issuer: userTokenIssuer
  Notifier__Users__Audience: userTokenAudience
  Notifier__Users__UserIdClaim: userIdClaim
  Notifier__Users__RoleClaim: userRoleClaim

  // Publishers: function keys (checked by the Functions host) or Entra tokens with an app role.
  Notifier__Publishers__Authority: empty(publisherTokenAudience) ? '' : publisherTokenAuthority
  Notifier__Publishers__Audience: publisherTokenAudience
  Notifier__Publishers__AppRole: publisherAppRole

  // Event handler (Web PubSub) or upstream (SignalR): the service's bearer token (no signature without access keys).
  Notifier__EventHandler__Authority: entraAuthority
  Notifier__EventHandler__Audience: eventHandlerAudience
  Notifier__EventHandler__CallerObjectId: servicePrincipalId
  // Events stamped further than this from now are refused as replays; ids are remembered twice as long.
  Notifier__EventHandler__EventTimeWindow: '00:05:00'

  Notifier__Limits__ConnectionsPerUser: string(connectionsPerUser)
  Notifier__Limits__TokenLifetime: tokenLifetime
  Notifier__Limits__DefaultTtl: defaultTtl
  Notifier__Limits__MaxTtl: maxTtl
  Notifier__Limits__InitialBacklog: string(initialBacklog)
  Notifier__Limits__MaxRecipientsPerRequest: string(maxRecipientsPerRequest)
  Notifier__Limits__StorageConcurrency: string(storageConcurrency)
  Notifier__Limits__InboxHeadLifetime: inboxHeadLifetime
  // The clean-up timer: how long records outlive their notification, and how many partitions of each table one run cleans.
  Notifier__Cleanup__RecordRetention: '1.00:00:00'
  Notifier__Cleanup__MaxPartitionsPerRun: '200'
  Notifier__RateLimits__PublisherPerSecond: string(publisherPerSecond)
  Notifier__RateLimits__PublisherBurst: string(publisherBurst)
  Notifier__RateLimits__UserPerSecond: string(userPerSecond)
  Notifier__RateLimits__UserBurst: string(userBurst)
}

// The transport's connection, identity-based: the REST API and client tokens with the app identity.
var transportSettings = transport == 'SignalR'
  ? {
      SignalRConnection__serviceUri: 'https://${serviceHostName}'
      SignalRConnection__credential: 'managedidentity'
      SignalRConnection__clientId: identityClientId
      SignalRHub: hubName
    }
  : {
      WebPubSubConnection__serviceUri: 'https://${serviceHostName}'
      WebPubSubConnection__credential: 'managedidentity'
      WebPubSubConnection__clientId: identityClientId
      WebPubSubHub: hubName
    }

// Notifier__Topics__<i>__Group / __Everyone / __Role / __Claim for each topic; the optional ones only when the topic has them.
var topicCandidateSettings = [for (topic, i) in topics: [
  {
    name: 'Notifier__Topics__${i}__Group'
    value: topic.group
  }
  {
    name: 'Notifier__Topics__${i}__Everyone'
    value: topic.?everyone == null ? '' : (topic.everyone ? 'true' : 'false')
  }
  {
    name: 'Notifier__Topics__${i}__Role'
    value: topic.?role ?? ''
  }
  {
    name: 'Notifier__Topics__${i}__Claim'
    value: topic.?claim ?? ''
  }
]]
var presentTopicSettings = filter(flatten(topicCandidateSettings), setting => !empty(setting.value))
var topicSettings = toObject(presentTopicSettings, setting => setting.name, setting => setting.value)

// Without Storage-queue ingestion the function stays deployed but is disabled (Service Bus only).
var ingestionSettings = enableStorageQueueIngestion ? {} : {
  'AzureWebJobs.queue-notifications.Disabled': 'true'
}

resource plan 'Microsoft.Web/serverfarms@2025-03-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: {
    reserved: true
  }
}

resource app 'Microsoft.Web/sites@2025-03-01' = {
  name: name
  location: location
  tags: tags
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityResourceId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    clientAffinityEnabled: false
    publicNetworkAccess: 'Enabled'
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storage.properties.primaryEndpoints.blob}${deploymentContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityResourceId
          }
        }
      }
      runtime: {
        name: 'custom'
        version: '1.0'
      }
      scaleAndConcurrency: {
        instanceMemoryMB: instanceMemoryMB
        maximumInstanceCount: maximumInstanceCount
        alwaysReady: alwaysReady
      }
    }
    siteConfig: {
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      cors: {
        allowedOrigins: corsAllowedOrigins
        supportCredentials: false
      }
    }
  }
}

// The whole app-settings collection: a setting not listed here is removed by the next deployment.
resource appSettingsConfig 'Microsoft.Web/sites/config@2025-03-01' = {
  parent: app
  name: 'appsettings'
  properties: union(appSettings, transportSettings, topicSettings, ingestionSettings)
}

// Deployments authenticate with Entra ID (az functionapp deployment source config-zip does on Flex); basic
// (user name and password) publishing credentials stay off.
resource scmBasicAuth 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2025-03-01' = {
  parent: app
  name: 'scm'
  properties: {
    allow: false
  }
}

resource ftpBasicAuth 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2025-03-01' = {
  parent: app
  name: 'ftp'
  properties: {
    allow: false
  }
}

@description('Name of the function app.')
output name string = app.name

@description('Default host name of the function app.')
output defaultHostName string = app.properties.defaultHostName

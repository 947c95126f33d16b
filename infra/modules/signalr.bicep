// Azure SignalR Service in serverless mode, the transport when `transport` is 'SignalR'. Local (access-key)
// authentication is off: the function app calls the REST API and mints client tokens with its managed identity
// (SignalR App Server, SignalR REST API Owner), and the service authenticates its upstream calls to the app with its
// own system-assigned identity.
//
// main.bicep deploys this module twice: first without an upstream (the function app needs the service's host name
// and identity), then, once the app exists, with the upstream pointing at the app's host name. Both deployments
// describe the same resource; only the upstream differs.

@description('Name of the SignalR Service resource.')
@minLength(3)
@maxLength(63)
param name string

@description('Azure region of the resource.')
param location string

@description('Tags applied to the resource.')
param tags object

@description('Pricing tier.')
@allowed([
  'Standard_S1'
  'Premium_P1'
])
param skuName string

@description('Units (each unit holds 1,000 concurrent connections).')
@minValue(1)
@maxValue(100)
param capacity int

@description('Resource id of the Log Analytics workspace that receives the resource logs.')
param logAnalyticsWorkspaceId string

@description('Hub the upstream serves (the app setting SignalRHub has the same value).')
param hubName string

@description('Deploy the upstream (false while the function app does not exist yet).')
param withUpstream bool

@description('Host name of the function app the upstream calls (unused without the upstream).')
param upstreamHostName string

@description('Application ID URI (or client id) of the Entra application that represents the event handler; the aud of the upstream token.')
param eventHandlerAudience string

// The app's own forwarded route (function "signalr"): connected, disconnected and the client invocations.
var upstreamTemplates = withUpstream ? [
  {
    hubPattern: hubName
    categoryPattern: '*'
    eventPattern: '*'
    urlTemplate: 'https://${upstreamHostName}/api/signalr/{category}/{event}'
    auth: {
      type: 'ManagedIdentity'
      managedIdentity: {
        resource: eventHandlerAudience
      }
    }
  }
] : []

resource signalR 'Microsoft.SignalRService/signalR@2024-03-01' = {
  name: name
  location: location
  tags: tags
  kind: 'SignalR'
  sku: {
    name: skuName
    tier: split(skuName, '_')[0]
    capacity: capacity
  }
  identity: {
    type: 'SystemAssigned'
  }
  properties: {
    features: [
      {
        flag: 'ServiceMode'
        value: 'Serverless'
      }
      {
        flag: 'EnableConnectivityLogs'
        value: 'True'
      }
    ]
    // Browsers call the service's client negotiate with the access token the app issued; the token, not the
    // origin, is what admits a client.
    cors: {
      allowedOrigins: [
        '*'
      ]
    }
    upstream: {
      templates: upstreamTemplates
    }
    disableLocalAuth: true
    disableAadAuth: false
    publicNetworkAccess: 'Enabled'
    tls: {
      clientCertEnabled: false
    }
  }
}

// The newest diagnosticSettings version (the only GA one, 2016-09-01, is the older per-service form without
// category groups).
#disable-next-line use-recent-api-versions
resource diagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: signalR
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

@description('Name of the SignalR Service resource.')
output name string = signalR.name

@description('Host name of the service (for example <name>.service.signalr.net).')
output hostName string = signalR.properties.hostName

@description('Object id of the service identity: the oid of the tokens it sends to the upstream.')
output principalId string = signalR.identity.principalId

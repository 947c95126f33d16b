// Azure Web PubSub: holds every client WebSocket. Local (access-key) authentication is off, so no key exists to
// leak or rotate: the function app calls the REST API and mints client tokens (:generateToken) with its managed
// identity (Web PubSub Service Owner), and the service authenticates its event-handler calls to the app with its
// own system-assigned identity (see webpubsub-hub.bicep and infra/README.md).

@description('Name of the Web PubSub resource.')
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

resource webPubSub 'Microsoft.SignalRService/webPubSub@2024-03-01' = {
  name: name
  location: location
  tags: tags
  sku: {
    name: skuName
    tier: split(skuName, '_')[0]
    capacity: capacity
  }
  identity: {
    type: 'SystemAssigned'
  }
  properties: {
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
  scope: webPubSub
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

@description('Name of the Web PubSub resource.')
output name string = webPubSub.name

@description('Host name of the service (for example <name>.webpubsub.azure.com).')
output hostName string = webPubSub.properties.hostName

@description('Object id of the service identity: the oid of the tokens it sends to the event handler.')
output principalId string = webPubSub.identity.principalId

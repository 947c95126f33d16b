// The Web PubSub hub and its event handler. It is deployed after the function app because the handler URL is the
// app's host name. The handler is the app's own forwarded HTTP route /api/webpubsub (function "webpubsub"), not
// the Functions extension's /runtime/webhooks/webpubsub: the app implements the CloudEvents protocol itself.
//
// Upstream authentication: the resource has local auth disabled, so the service signs nothing (no ce-signature).
// Instead it gets an Entra ID token with its own managed identity for `eventHandlerAudience` and sends it as
// `Authorization: Bearer`. The app must validate that token (issuer = this tenant, aud = eventHandlerAudience,
// oid = the service identity's object id); see infra/README.md.

@description('Name of the existing Web PubSub resource.')
param webPubSubName string

@description('Hub name (the app setting WebPubSubHub has the same value).')
param hubName string

@description('Host name of the function app that handles the hub events.')
param functionAppHostName string

@description('Application ID URI (or client id) of the Entra application that represents the event handler; the aud of the upstream token.')
param eventHandlerAudience string

resource webPubSub 'Microsoft.SignalRService/webPubSub@2024-03-01' existing = {
  name: webPubSubName
}

resource hub 'Microsoft.SignalRService/webPubSub/hubs@2024-03-01' = {
  parent: webPubSub
  name: hubName
  properties: {
    anonymousConnectPolicy: 'deny'
    eventHandlers: [
      {
        urlTemplate: 'https://${functionAppHostName}/api/webpubsub'
        userEventPattern: '*'
        systemEvents: [
          'connect'
          'connected'
          'disconnected'
        ]
        auth: {
          type: 'ManagedIdentity'
          managedIdentity: {
            resource: eventHandlerAudience
          }
        }
      }
    ]
    eventListeners: []
  }
}

@description('Name of the hub.')
output name string = hub.name

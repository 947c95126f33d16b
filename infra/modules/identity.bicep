// The user-assigned managed identity of the function app. Everything the app reaches (Storage, Service Bus,
// Web PubSub, Application Insights) is reached with this identity; no keys or connection strings are stored.

@description('Name of the user-assigned managed identity.')
param name string

@description('Azure region of the identity.')
param location string

@description('Tags applied to the identity.')
param tags object

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' = {
  name: name
  location: location
  tags: tags
}

@description('Resource id of the identity, for the function app and its deployment storage.')
output resourceId string = identity.id

@description('Client (application) id of the identity, for the *__clientId app settings.')
output clientId string = identity.properties.clientId

@description('Principal (object) id of the identity, for role assignments.')
output principalId string = identity.properties.principalId

// Parameters of a production deployment. Tenant-specific values come from the environment, so this file holds
// no identifiers of any one tenant; set them before deploying (infra/README.md, "Before the first deployment"):
//   export NOTIFIER_USER_AUDIENCE=<client id or Application ID URI that user tokens are issued for>
//   export NOTIFIER_EVENT_HANDLER_AUDIENCE=<Application ID URI of the event-handler app registration>
// Optional: NOTIFIER_USER_AUTHORITY (default: Entra ID of this tenant), NOTIFIER_PUBLISHER_AUDIENCE (default:
// Entra publishers off, function keys only), NOTIFIER_CORS_ORIGIN (one browser origin allowed to call the API),
// NOTIFIER_ALERT_EMAIL (who the alerts notify; without it they show in the portal only).
using './main.bicep'

param prefix = 'notifier'

param tags = {
  application: 'notifier'
  environment: 'production'
}

param userTokenAudience = readEnvironmentVariable('NOTIFIER_USER_AUDIENCE')
param userTokenAuthority = readEnvironmentVariable('NOTIFIER_USER_AUTHORITY', '')
param eventHandlerAudience = readEnvironmentVariable('NOTIFIER_EVENT_HANDLER_AUDIENCE')
param publisherTokenAudience = readEnvironmentVariable('NOTIFIER_PUBLISHER_AUDIENCE', '')
param alertEmail = readEnvironmentVariable('NOTIFIER_ALERT_EMAIL', '')

var corsOrigin = readEnvironmentVariable('NOTIFIER_CORS_ORIGIN', '')
param corsAllowedOrigins = empty(corsOrigin) ? [] : [
  corsOrigin
]

// Cold start matters on negotiate and on the event handler: keep one HTTP instance warm.
param alwaysReady = [
  {
    name: 'http'
    instanceCount: 1
  }
]
param instanceMemoryMB = 2048
param maximumInstanceCount = 100

param webPubSubSku = 'Standard_S1'
param webPubSubCapacity = 1

param serviceBusMaxDeliveryCount = 5

// @notifier/client: the browser (and Node) client of the Notifier real-time notification service.
export { NotifierClient, SUBPROTOCOL } from './client.js';
export { SignalRNotifierClient } from './signalr-client.js';
export { NotifierHttpError } from './http.js';
export { backoffDelay } from './backoff.js';


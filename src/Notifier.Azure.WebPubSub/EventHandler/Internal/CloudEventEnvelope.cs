namespace Notifier.Azure.WebPubSub.EventHandler.Internal;

/// <summary>The verified headers of an event request: what to dispatch, for which connection, with which payload kind.</summary>
internal sealed record CloudEventEnvelope(EventKind Kind, WebPubSubConnectionContext Context, WebPubSubDataType DataType);

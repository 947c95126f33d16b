namespace Notifier.Azure.WebPubSub.AspNetCore.Internal;

/// <summary>The verified headers of an event request: what to dispatch, for which connection, with which payload kind.</summary>
internal sealed record CloudEventEnvelope(EventKind Kind, WebPubSubConnectionContext Context, WebPubSubDataType DataType);

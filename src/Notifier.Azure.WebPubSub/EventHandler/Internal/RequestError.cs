namespace Notifier.Azure.WebPubSub.EventHandler.Internal;

/// <summary>Why a request was rejected before reaching the handler: its status and plain-text body.</summary>
internal readonly record struct RequestError(int StatusCode, string Message);

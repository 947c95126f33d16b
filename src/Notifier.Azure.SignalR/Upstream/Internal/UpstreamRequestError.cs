namespace Notifier.Azure.SignalR.Upstream.Internal;

/// <summary>Why a request was refused, and with which status.</summary>
internal readonly record struct UpstreamRequestError(int StatusCode, string Message);

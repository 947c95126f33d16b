using Azure.Core;

namespace Notifier.Azure.SignalR.Rest;

/// <summary>For HEAD probes: 404 is an answer ("no"), not a failure.</summary>
internal sealed class ExistsResponseClassifier : ResponseClassifier
{
    public static readonly ExistsResponseClassifier Instance = new();

    public override bool IsErrorResponse(HttpMessage message) =>
        message.Response.Status != 404 && base.IsErrorResponse(message);
}

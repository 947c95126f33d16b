using System.Net.WebSockets;

namespace Notifier.Azure.WebPubSub.Protocol;

/// <summary>The WebSocket close codes the service closes client connections with, by what they tell the client.</summary>
public static class WebPubSubCloseStatus
{
    /// <summary>1000: closed on purpose (a REST call, or the client itself); a reliable client's session is over.</summary>
    public const WebSocketCloseStatus Closed = WebSocketCloseStatus.NormalClosure;

    /// <summary>1001: the service is shutting down.</summary>
    public const WebSocketCloseStatus GoingAway = WebSocketCloseStatus.EndpointUnavailable;

    /// <summary>1003: a binary frame on a JSON subprotocol.</summary>
    public const WebSocketCloseStatus InvalidMessageType = WebSocketCloseStatus.InvalidMessageType;

    /// <summary>1007: a frame that is not a valid protocol message.</summary>
    public const WebSocketCloseStatus InvalidPayload = WebSocketCloseStatus.InvalidPayloadData;

    /// <summary>
    /// 1008: the session cannot go on (recovery refused, the client too slow, its buffer full); a reliable client must
    /// start over with a new token instead of recovering.
    /// </summary>
    public const WebSocketCloseStatus SessionEnded = WebSocketCloseStatus.PolicyViolation;

    /// <summary>1009: a frame larger than the service accepts.</summary>
    public const WebSocketCloseStatus MessageTooBig = WebSocketCloseStatus.MessageTooBig;

    /// <summary>1011: the service or the event handler failed.</summary>
    public const WebSocketCloseStatus ServerError = WebSocketCloseStatus.InternalServerError;
}

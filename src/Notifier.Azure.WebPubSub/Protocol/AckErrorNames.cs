namespace Notifier.Azure.WebPubSub.Protocol;

/// <summary>The <c>error.name</c> of a failed ack (<c>{"type":"ack","success":false,...}</c>), as the service spells it.</summary>
public static class AckErrorNames
{
    /// <summary>The connection lacks the permission (join, leave, send to the group), or the event handler refused.</summary>
    public const string Forbidden = "Forbidden";

    /// <summary>The message could not be read.</summary>
    public const string InvalidData = "InvalidData";

    /// <summary>The ack id was processed already; the message is not processed again.</summary>
    public const string Duplicate = "Duplicate";

    /// <summary>The service or the event handler failed.</summary>
    public const string InternalServerError = "InternalServerError";

    /// <summary>The request is not valid.</summary>
    public const string BadRequest = "BadRequest";
}

namespace Notifier.Azure.WebPubSub.Protocol;

/// <summary>Values of <c>ce-type</c> and the system event names.</summary>
public static class CloudEventTypes
{
    /// <summary>Prefix of system events.</summary>
    public const string SystemPrefix = "azure.webpubsub.sys.";

    /// <summary>Prefix of user events.</summary>
    public const string UserPrefix = "azure.webpubsub.user.";

    /// <summary><c>azure.webpubsub.sys.connect</c>: blocking, before the WebSocket upgrade.</summary>
    public const string Connect = SystemPrefix + ConnectEventName;

    /// <summary><c>azure.webpubsub.sys.connected</c>: after the connection is established.</summary>
    public const string Connected = SystemPrefix + ConnectedEventName;

    /// <summary><c>azure.webpubsub.sys.disconnected</c>: once, when an accepted connection ends.</summary>
    public const string Disconnected = SystemPrefix + DisconnectedEventName;

    /// <summary>Name of the <c>connect</c> system event.</summary>
    public const string ConnectEventName = "connect";

    /// <summary>Name of the <c>connected</c> system event.</summary>
    public const string ConnectedEventName = "connected";

    /// <summary>Name of the <c>disconnected</c> system event.</summary>
    public const string DisconnectedEventName = "disconnected";

    /// <summary>Name of the user event raised by raw WebSocket frames.</summary>
    public const string MessageEventName = "message";

    /// <summary>The <c>ce-awpsversion</c> and <c>ce-specversion</c> value.</summary>
    public const string Version = "1.0";
}

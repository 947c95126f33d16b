namespace Notifier.Emulator.Protocols;

/// <summary>How a message's bytes are to be read, in the service's terms (<c>dataType</c>).</summary>
internal enum MessageDataType
{
    /// <summary>UTF-8 text.</summary>
    Text,

    /// <summary>A UTF-8 JSON value.</summary>
    Json,

    /// <summary>Opaque bytes; base64 inside JSON envelopes.</summary>
    Binary,
}

using Notifier.Emulator.Protocols;

namespace Notifier.Emulator.DataPlane;

/// <summary>A REST message body: how to read it (from its content type) and its bytes, exactly sized and never reused.</summary>
internal sealed record MessageBody(MessageDataType DataType, byte[] Data);

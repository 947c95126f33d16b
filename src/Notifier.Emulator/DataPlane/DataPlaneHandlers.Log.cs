namespace Notifier.Emulator.DataPlane;

internal sealed partial class DataPlaneHandlers
{
    private static partial class Log
    {
        [LoggerMessage(110, LogLevel.Debug, "Hub {Hub}: sent a {DataType} message of {Bytes} bytes to {Target}: {Count} connections.")]
        public static partial void Sent(ILogger logger, string hub, Protocols.MessageDataType dataType, int bytes, string target, int count);

        [LoggerMessage(111, LogLevel.Information, "Hub {Hub}: closed {Count} connections of {Target}: {Reason}")]
        public static partial void Closed(ILogger logger, string hub, int count, string target, string reason);

        [LoggerMessage(112, LogLevel.Debug, "Hub {Hub}: {Operation} for {Target}: {Count} changes.")]
        public static partial void GroupsChanged(ILogger logger, string hub, string operation, string target, int count);

        [LoggerMessage(113, LogLevel.Information, "Hub {Hub}: {Operation} permission {Permission} for group {Group} of connection {ConnectionId}.")]
        public static partial void PermissionChanged(ILogger logger, string hub, string operation, string permission, string? group, string connectionId);

        [LoggerMessage(114, LogLevel.Debug, "Hub {Hub}: issued a client token for user {UserId}, valid {Minutes} minutes.")]
        public static partial void TokenIssued(ILogger logger, string hub, string? userId, int minutes);
    }
}

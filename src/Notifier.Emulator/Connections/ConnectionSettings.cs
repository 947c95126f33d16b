using Notifier.Emulator.Hosting;

namespace Notifier.Emulator.Connections;

/// <summary>The limits a connection lives by, read once from <see cref="EmulatorOptions"/>.</summary>
internal sealed record ConnectionSettings(
    int OutboundQueueCapacity,
    int ReliableBufferMessages,
    long ReliableBufferBytes,
    TimeSpan RecoveryWindow)
{
    public static ConnectionSettings From(EmulatorOptions options) => new(
        options.OutboundQueueCapacity,
        options.ReliableBufferMessages,
        options.ReliableBufferBytes,
        options.RecoveryWindow);
}

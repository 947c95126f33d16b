using Notifier.Emulator.Hosting;

namespace Notifier.Emulator.Connections;

/// <summary>The limits a logical connection lives by (its WebSocket's queue has its own), read from <see cref="EmulatorOptions"/>.</summary>
internal sealed record ConnectionSettings(
    int ReliableBufferMessages,
    long ReliableBufferBytes,
    TimeSpan RecoveryWindow)
{
    public static ConnectionSettings From(EmulatorOptions options) => new(
        options.ReliableBufferMessages,
        options.ReliableBufferBytes,
        options.RecoveryWindow);
}

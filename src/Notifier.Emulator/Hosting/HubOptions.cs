namespace Notifier.Emulator.Hosting;

/// <summary>Settings of one hub.</summary>
public sealed class HubOptions
{
    /// <summary>Event handlers in order; for each event the first that matches is called.</summary>
    public List<EventHandlerOptions> EventHandlers { get; } = [];
}

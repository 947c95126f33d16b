namespace Notifier.Browser.Tests.Infrastructure;

/// <summary>
/// The local stack with <c>--transport signalr</c>: the emulator is SignalR Service, and the page, told so by
/// negotiate, uses <c>SignalRNotifierClient</c> on <c>@microsoft/signalr</c>'s browser build.
/// </summary>
public sealed class SignalRStackFixture : StackFixture
{
    public SignalRStackFixture()
        : base("SignalR")
    {
    }
}

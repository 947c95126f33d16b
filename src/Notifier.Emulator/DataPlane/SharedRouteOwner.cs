namespace Notifier.Emulator.DataPlane;

/// <summary>
/// Endpoint metadata on the REST routes that Web PubSub and SignalR Service both serve under <c>/api/hubs/{hub}</c>
/// with <c>?api-version=</c> (the same paths, on the one address the emulator has): the SignalR mode's route selector
/// keeps the routes of the service a request is meant for. It lives here, with the routes it marks first.
/// </summary>
internal sealed class SharedRouteOwner
{
    public static readonly SharedRouteOwner WebPubSub = new(isSignalR: false);
    public static readonly SharedRouteOwner SignalR = new(isSignalR: true);

    private SharedRouteOwner(bool isSignalR)
    {
        IsSignalR = isSignalR;
    }

    public bool IsSignalR { get; }
}

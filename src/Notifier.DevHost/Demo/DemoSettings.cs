namespace Notifier.DevHost.Demo;

/// <summary>The demo page's view of the stack (development only).</summary>
/// <param name="ApiKey">The local publisher API key the page's send form uses.</param>
/// <param name="UsersMode">How the function app identifies users; the page's sign-in needs <c>Development</c>.</param>
/// <param name="UserHeader">The header naming the user in development mode.</param>
/// <param name="RolesHeader">The header listing the user's roles in development mode.</param>
/// <param name="Groups">Topic groups worth offering in the send form.</param>
/// <param name="SignalRServerTimeoutMs">
/// How long a SignalR connection may be silent before the page counts it as dead: a few of the emulator's keep-alive
/// intervals, which the stack shortens so the page notices a dead connection as fast on SignalR as on Web PubSub.
/// </param>
internal sealed record DemoSettings(string? ApiKey, string? UsersMode, string UserHeader, string RolesHeader, IReadOnlyList<string> Groups, int SignalRServerTimeoutMs);

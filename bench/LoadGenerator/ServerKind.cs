namespace Notifier.Bench.LoadGenerator;

/// <summary>The kinds of broadcast server the generator can drive.</summary>
internal enum ServerKind
{
    /// <summary>Notifier.Emulator, clients on the <c>json.webpubsub.azure.v1</c> subprotocol, broadcast by REST <c>:send</c>.</summary>
    Emulator,

    /// <summary>Notifier.Emulator, raw WebSocket clients (no subprotocol), broadcast by REST <c>:send</c>.</summary>
    EmulatorRaw,

    /// <summary>The Node.js <c>ws</c> peer: raw clients, broadcast by <c>POST /broadcast</c>.</summary>
    Ws,

    /// <summary>The ASP.NET Core SignalR peer: SignalR JSON protocol clients, broadcast by <c>POST /broadcast</c>.</summary>
    SignalR,
}

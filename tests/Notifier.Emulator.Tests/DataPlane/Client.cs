using System.Text.Json;
using Azure.Core;

namespace Notifier.Emulator.Tests.DataPlane;

/// <summary>A connected JSON-subprotocol test client and its connection id.</summary>
internal sealed class Client : IAsyncDisposable
{
    private Client(TestWebSocket socket, string connectionId)
    {
        Socket = socket;
        ConnectionId = connectionId;
    }

    public TestWebSocket Socket { get; }

    public string ConnectionId { get; }

    public static async Task<Client> ConnectAsync(EmulatorServer server, string? userId = null, IEnumerable<string>? roles = null, IEnumerable<string>? groups = null, string hub = "chat")
    {
        var (socket, connected) = await TestWebSocket.ConnectJsonAsync(server.ClientUri(hub, userId, roles, groups));
        return new Client(socket, connected.GetProperty("connectionId").GetString()!);
    }

    /// <summary>A raw (no subprotocol) client; its id is learned from the hub, as the first connection of the user.</summary>
    public static async Task<TestWebSocket> ConnectRawAsync(EmulatorServer server, string userId, IEnumerable<string>? groups = null) =>
        await TestWebSocket.ConnectAsync(server.ClientUri("chat", userId, null, groups));

    public Task<JsonElement> ReceiveAsync() => Socket.ReceiveJsonAsync();

    /// <summary>
    /// Proves nothing else arrived: a marker sent to this connection alone must be the very next frame, because the
    /// emulator keeps per-connection order. No sleeping, no timing.
    /// </summary>
    public async Task AssertNothingReceivedAsync(EmulatorServer server)
    {
        var marker = "marker-" + Guid.NewGuid().ToString("N");
        await server.CreateRestClient().SendToConnectionAsync(ConnectionId, BinaryData.FromString(marker), ContentType.TextPlain);
        var next = await ReceiveAsync();
        Assert.Equal(marker, next.GetProperty("data").GetString());
    }

    public ValueTask DisposeAsync() => Socket.DisposeAsync();
}

using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Notifier.Emulator.Tests.Upstream;

public class EventHandlerReloadTests
{
    [Fact]
    public async Task EventHandlers_HotReload_WithoutARestart()
    {
        await using var handler = await HandlerServer.StartAsync();
        await using var server = await EmulatorServer.StartAsync();
        var (before, _) = await TestWebSocket.ConnectJsonAsync(server.ClientUri(userId: "before"));
        await before.DisposeAsync();

        var configuration = (IConfigurationRoot)server.Services.GetRequiredService<IConfiguration>();
        foreach (var (key, value) in handler.Settings())
        {
            configuration[key] = value;
        }

        configuration.Reload();
        var (after, connected) = await TestWebSocket.ConnectJsonAsync(server.ClientUri(userId: "after"));
        await using var _ = after;

        var connect = await handler.WaitForEventAsync("connect", connected.GetProperty("connectionId").GetString());
        Assert.Equal("after", connect.Header(Notifier.Azure.WebPubSub.Protocol.CloudEventHeaders.UserId));
        Assert.DoesNotContain(handler.Events, r => r.Header(Notifier.Azure.WebPubSub.Protocol.CloudEventHeaders.UserId) == "before");
    }
}

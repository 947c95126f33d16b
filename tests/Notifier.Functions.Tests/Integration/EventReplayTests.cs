using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Notifier.Functions.Tests.Infrastructure;
using Notifier.Testing.Azurite;

namespace Notifier.Functions.Tests.Integration;

/// <summary>
/// Web PubSub signs only the connection id of an event, so someone who captured one signed event could send it again,
/// later, in another user's name, or with other data. These tests capture a genuine <c>read</c> on the real stack and
/// replay it: the app must refuse it and change nothing, while genuine clients keep working.
/// </summary>
[Collection(AzuriteCollectionDefinition.Name)]
public sealed class EventReplayTests : IAsyncLifetime
{
    private readonly AzuriteFixture _azurite;
    private readonly EventCapture _capture = new();
    private NotifierEnvironment? _stack;

    public EventReplayTests(AzuriteFixture azurite)
    {
        _azurite = azurite;
    }

    private NotifierEnvironment Stack => _stack ?? throw new InvalidOperationException("The stack has not started.");

    public async Task InitializeAsync() =>
        _stack = await NotifierEnvironment.StartAsync(_azurite, services: services => services.AddSingleton<IStartupFilter>(_capture));

    public async Task DisposeAsync()
    {
        if (_stack is not null)
        {
            await _stack.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_captured_read_replayed_in_another_users_name_is_refused_and_changes_nothing()
    {
        var alice = NotifierClient.NewUser("alice");
        var carol = NotifierClient.NewUser("carol");
        var id = NotifierClient.NewId();
        await Stack.Client.PublishAcceptedAsync($$"""{"id":"{{id}}","to":{"users":["{{alice}}","{{carol}}"]},"title":"for both"}""");
        var (read, _) = await CaptureReadAsync(alice, id);

        // As an attacker would: another user, and a fresh id and time so that neither de-duplication nor the window applies.
        using var spoofed = await SendAsync(read.Replay(Fresh(new Dictionary<string, string?> { ["ce-userId"] = carol })));
        using var sameIdSpoofed = await SendAsync(read.Replay(new Dictionary<string, string?> { ["ce-userId"] = carol }));

        Assert.Equal(HttpStatusCode.Unauthorized, spoofed.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, sameIdSpoofed.StatusCode);
        Assert.False(await IsReadAsync(carol, id));
        Assert.True(await IsReadAsync(alice, id));
        Assert.Equal(1, (await Stack.Client.StatusAsync(id))!.Value.GetProperty("read").GetInt32());
    }

    [Fact]
    public async Task A_forged_connect_cannot_claim_a_connection_for_another_user()
    {
        var alice = NotifierClient.NewUser("alice");
        var carol = NotifierClient.NewUser("carol");
        var id = NotifierClient.NewId();
        await Stack.Client.PublishAcceptedAsync($$"""{"id":"{{id}}","to":{"users":["{{carol}}"]},"title":"for carol"}""");
        var (read, _) = await CaptureReadAsync(alice, NotifierClient.NewId());
        var connect = _capture.Events.Single(e => e.Header("ce-eventName") == "connect" && e.Header("ce-connectionId") == read.Header("ce-connectionId"));

        using var forgedConnect = await SendAsync(connect.Replay(Fresh(new Dictionary<string, string?> { ["ce-userId"] = carol })));
        using var spoofed = await SendAsync(read.Replay(
            Fresh(new Dictionary<string, string?> { ["ce-userId"] = carol }),
            Encoding.UTF8.GetBytes($$"""{"ids":["{{id}}"]}""")));

        Assert.Equal(HttpStatusCode.Unauthorized, forgedConnect.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, spoofed.StatusCode);
        Assert.False(await IsReadAsync(carol, id));
    }

    [Fact]
    public async Task A_captured_read_with_a_stale_time_is_refused_and_changes_nothing()
    {
        var alice = NotifierClient.NewUser("alice");
        var first = NotifierClient.NewId();
        var second = NotifierClient.NewId();
        await Stack.Client.PublishAcceptedAsync($$"""[{"id":"{{first}}","to":{"users":["{{alice}}"]},"title":"1"},{"id":"{{second}}","to":{"users":["{{alice}}"]},"title":"2"}]""");
        var (read, _) = await CaptureReadAsync(alice, first);

        var stale = Fresh(new Dictionary<string, string?> { ["ce-time"] = Time(TimeProvider.System.GetUtcNow().AddMinutes(-10)) });
        using var response = await SendAsync(read.Replay(stale, Encoding.UTF8.GetBytes($$"""{"ids":["{{second}}"]}""")));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("ce-time", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.False(await IsReadAsync(alice, second));
    }

    [Fact]
    public async Task The_same_event_id_again_changes_nothing_a_verbatim_repeat_gets_the_first_answer_and_other_data_is_refused()
    {
        var alice = NotifierClient.NewUser("alice");
        var first = NotifierClient.NewId();
        var second = NotifierClient.NewId();
        await Stack.Client.PublishAcceptedAsync($$"""[{"id":"{{first}}","to":{"users":["{{alice}}"]},"title":"1"},{"id":"{{second}}","to":{"users":["{{alice}}"]},"title":"2"}]""");
        var (read, _) = await CaptureReadAsync(alice, first);

        using var verbatim = await SendAsync(read.Replay());
        using var otherData = await SendAsync(read.Replay(body: Encoding.UTF8.GetBytes($$"""{"ids":["{{second}}"]}""")));

        // The service retries a delivery whose answer it lost: the repeat must be answered as the first was, so that
        // the client's ack says what happened, without running the handler again.
        Assert.Equal(HttpStatusCode.NoContent, verbatim.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, otherData.StatusCode);
        Assert.Contains("already used", await otherData.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.False(await IsReadAsync(alice, second));
    }

    [Fact]
    public async Task A_genuine_read_right_after_connecting_still_works()
    {
        for (var i = 0; i < 5; i++)
        {
            var user = NotifierClient.NewUser("eager");
            var id = NotifierClient.NewId();
            await Stack.Client.PublishAcceptedAsync($$"""{"id":"{{id}}","to":{"users":["{{user}}"]},"title":"read me at once"}""");

            // No wait for the asynchronous 'connected' event: the read goes out as soon as the socket is open.
            await using var socket = await Stack.Client.ConnectAsync(user);
            await socket.SendEventAsync("read", id);

            Assert.True(await IsReadAsync(user, id));
        }
    }

    /// <summary>Connects <paramref name="user"/>, sends a genuine <c>read</c> over the WebSocket and returns it as captured.</summary>
    private async Task<(CapturedEvent Read, string ConnectionId)> CaptureReadAsync(string user, string id)
    {
        var negotiated = await Stack.Client.NegotiateAsync(user);
        var (socket, connected) = await TestWebSocket.ConnectJsonAsync(new Uri(negotiated.GetProperty("url").GetString()!));
        await using var _ = socket;
        var connectionId = connected.GetProperty("connectionId").GetString()!;
        await socket.SendEventAsync("read", id);
        var read = _capture.Events.Single(e => e.Header("ce-eventName") == "read" && e.Header("ce-connectionId") == connectionId);
        Assert.NotNull(read.Header("ce-signature"));
        return (read, connectionId);
    }

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request)
    {
        using (request)
        {
            return await Stack.App.Http.SendAsync(request);
        }
    }

    private async Task<bool> IsReadAsync(string user, string id)
    {
        var inbox = await Stack.Client.InboxAsync(user);
        return inbox.GetProperty("items").EnumerateArray()
            .Single(i => i.GetProperty("notification").GetProperty("id").GetString() == id)
            .GetProperty("read").GetBoolean();
    }

    private static Dictionary<string, string?> Fresh(Dictionary<string, string?> changes)
    {
        changes.TryAdd("ce-id", "forged-" + Guid.NewGuid().ToString("N"));
        changes.TryAdd("ce-time", Time(TimeProvider.System.GetUtcNow()));
        return changes;
    }

    private static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}

using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Notifier.Azure.SignalR.Protocol;
using Notifier.Functions.Tests.Infrastructure;
using Notifier.Testing.Azurite;

namespace Notifier.Functions.Tests.Integration;

/// <summary>
/// Web PubSub and SignalR Service sign only the connection id of a call to the app, so someone who captured one signed
/// call could send it again, later, in another user's name, or with other data. These tests capture a genuine
/// <c>read</c> on the real stack, once per transport, and replay or alter it: the app must refuse it and change
/// nothing, while genuine clients keep working.
/// </summary>
[Collection(AzuriteCollectionDefinition.Name)]
public sealed class EventReplayTests
{
    private readonly AzuriteFixture _azurite;
    private readonly EventCapture _capture = new();

    public EventReplayTests(AzuriteFixture azurite)
    {
        _azurite = azurite;
    }

    [Theory]
    [MemberData(nameof(Transports.Both), MemberType = typeof(Transports))]
    public async Task A_captured_read_replayed_in_another_users_name_is_refused_and_changes_nothing(string transport)
    {
        await using var stack = await StartAsync(transport);
        var alice = NotifierClient.NewUser("alice");
        var carol = NotifierClient.NewUser("carol");
        var id = NotifierClient.NewId();
        await stack.Client.PublishAcceptedAsync($$"""{"id":"{{id}}","to":{"users":["{{alice}}","{{carol}}"]},"title":"for both"}""");
        var read = await CaptureReadAsync(stack, alice, id);

        // As an attacker would: another user (on Web PubSub with a fresh id and time, so that neither de-duplication
        // nor the window applies).
        using var spoofed = await SendAsync(stack, read.Replay(AsUser(transport, carol)));
        await AssertRefusedAsync(transport, spoofed, HttpStatusCode.Unauthorized, "not admitted for this user");
        if (transport == Transports.WebPubSub)
        {
            using var sameIdSpoofed = await SendAsync(stack, read.Replay(new Dictionary<string, string?> { ["ce-userId"] = carol }));
            Assert.Equal(HttpStatusCode.BadRequest, sameIdSpoofed.StatusCode);
        }

        Assert.False(await IsReadAsync(stack, carol, id));
        Assert.True(await IsReadAsync(stack, alice, id));
        Assert.Equal(1, (await stack.Client.StatusAsync(id))!.Value.GetProperty("read").GetInt32());
    }

    [Theory]
    [MemberData(nameof(Transports.Both), MemberType = typeof(Transports))]
    public async Task A_forged_connect_cannot_claim_a_connection_for_another_user(string transport)
    {
        await using var stack = await StartAsync(transport);
        var alice = NotifierClient.NewUser("alice");
        var carol = NotifierClient.NewUser("carol");
        var id = NotifierClient.NewId();
        await stack.Client.PublishAcceptedAsync($$"""{"id":"{{id}}","to":{"users":["{{carol}}"]},"title":"for carol"}""");
        var read = await CaptureReadAsync(stack, alice, NotifierClient.NewId());
        var connectEvent = transport == Transports.WebPubSub ? "connect" : UpstreamEvents.Connected;
        var connect = _capture.Events.Single(e => EventName(transport, e) == connectEvent && ConnectionId(transport, e) == ConnectionId(transport, read));

        // Web PubSub refuses the forged connect; a SignalR connected is a notification the app ignores for a
        // connection another user claimed first. Either way the connection stays alice's.
        using var forgedConnect = await SendAsync(stack, connect.Replay(AsUser(transport, carol)));
        Assert.Equal(transport == Transports.WebPubSub ? HttpStatusCode.Unauthorized : HttpStatusCode.OK, forgedConnect.StatusCode);
        using var spoofed = await SendAsync(stack, read.Replay(AsUser(transport, carol), Body(transport, read, "read", $$"""{"ids":["{{id}}"]}""")));

        await AssertRefusedAsync(transport, spoofed, HttpStatusCode.Unauthorized, "not admitted for this user");
        Assert.False(await IsReadAsync(stack, carol, id));
    }

    /// <summary>
    /// The checks the event endpoint makes before the app's handler, seen from the app as deployed (its keys, hub and
    /// limits), plus the handler's own refusals: a wrong signature, another hub, a body past the limit, an event the
    /// app does not know, ids that are not text.
    /// </summary>
    [Theory]
    [MemberData(nameof(Transports.Both), MemberType = typeof(Transports))]
    public async Task A_captured_read_altered_in_signature_hub_size_event_or_ids_is_refused_and_changes_nothing(string transport)
    {
        await using var stack = await StartAsync(transport);
        var alice = NotifierClient.NewUser("alice");
        var id = NotifierClient.NewId();
        await stack.Client.PublishAcceptedAsync($$"""{"id":"{{id}}","to":{"users":["{{alice}}"]},"title":"x"}""");
        var read = await CaptureReadAsync(stack, alice, NotifierClient.NewId());
        var webPubSub = transport == Transports.WebPubSub;
        var ids = $$"""{"ids":["{{id}}"]}""";

        using var badSignature = await SendAsync(stack, read.Replay(
            Fresh(transport, new() { [webPubSub ? "ce-signature" : UpstreamHeaders.Signature] = "sha256=" + new string('a', 64) }),
            Body(transport, read, "read", ids)));
        Assert.Equal(HttpStatusCode.Unauthorized, badSignature.StatusCode);

        using var otherHub = await SendAsync(stack, read.Replay(
            Fresh(transport, new() { [webPubSub ? "ce-hub" : UpstreamHeaders.Hub] = "other" }),
            Body(transport, read, "read", ids)));
        Assert.Equal(HttpStatusCode.BadRequest, otherHub.StatusCode);

        var big = $$"""{"ids":["{{id}}"],"padding":"{{new string('x', 1024 * 1024)}}"}""";
        using var tooLarge = await SendAsync(stack, read.Replay(Fresh(transport, []), Body(transport, read, "read", big)));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.StatusCode);

        var unknown = webPubSub
            ? read.Replay(Fresh(transport, new() { ["ce-eventName"] = "delete", ["ce-type"] = "azure.webpubsub.user.delete" }), Body(transport, read, "delete", ids))
            : read.Replay(new Dictionary<string, string?> { [UpstreamHeaders.Event] = "delete" }, Body(transport, read, "delete", ids), "api/signalr/messages/delete");
        using var unknownEvent = await SendAsync(stack, unknown);
        await AssertRefusedAsync(transport, unknownEvent, HttpStatusCode.BadRequest, "Unknown");

        using var brokenIds = await SendAsync(stack, read.Replay(Fresh(transport, []), Body(transport, read, "read", """{"ids":["\ud800"]}""")));
        await AssertRefusedAsync(transport, brokenIds, HttpStatusCode.BadRequest, "ids[0]");

        var status = await stack.Client.StatusAsync(id);
        Assert.Equal(0, status!.Value.GetProperty("read").GetInt32());
        Assert.False(await IsReadAsync(stack, alice, id));
    }

    // Web PubSub only, this and the next: SignalR upstream calls carry no event id or time, so there is no window and
    // nothing to de-duplicate by; ack and read are idempotent, and the owner check confines a replay to its own user.
    [Fact]
    public async Task A_captured_read_with_a_stale_time_is_refused_and_changes_nothing()
    {
        await using var stack = await StartAsync(Transports.WebPubSub);
        var alice = NotifierClient.NewUser("alice");
        var first = NotifierClient.NewId();
        var second = NotifierClient.NewId();
        await stack.Client.PublishAcceptedAsync($$"""[{"id":"{{first}}","to":{"users":["{{alice}}"]},"title":"1"},{"id":"{{second}}","to":{"users":["{{alice}}"]},"title":"2"}]""");
        var read = await CaptureReadAsync(stack, alice, first);

        var stale = Fresh(new Dictionary<string, string?> { ["ce-time"] = Time(TimeProvider.System.GetUtcNow().AddMinutes(-10)) });
        using var response = await SendAsync(stack, read.Replay(stale, Encoding.UTF8.GetBytes($$"""{"ids":["{{second}}"]}""")));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("ce-time", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.False(await IsReadAsync(stack, alice, second));
    }

    [Fact]
    public async Task The_same_event_id_again_changes_nothing_a_verbatim_repeat_gets_the_first_answer_and_other_data_is_refused()
    {
        await using var stack = await StartAsync(Transports.WebPubSub);
        var alice = NotifierClient.NewUser("alice");
        var first = NotifierClient.NewId();
        var second = NotifierClient.NewId();
        await stack.Client.PublishAcceptedAsync($$"""[{"id":"{{first}}","to":{"users":["{{alice}}"]},"title":"1"},{"id":"{{second}}","to":{"users":["{{alice}}"]},"title":"2"}]""");
        var read = await CaptureReadAsync(stack, alice, first);

        using var verbatim = await SendAsync(stack, read.Replay());
        using var otherData = await SendAsync(stack, read.Replay(body: Encoding.UTF8.GetBytes($$"""{"ids":["{{second}}"]}""")));

        // The service retries a delivery whose answer it lost: the repeat must be answered as the first was, so that
        // the client's ack says what happened, without running the handler again.
        Assert.Equal(HttpStatusCode.NoContent, verbatim.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, otherData.StatusCode);
        Assert.Contains("already used", await otherData.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.False(await IsReadAsync(stack, alice, second));
    }

    [Theory]
    [MemberData(nameof(Transports.Both), MemberType = typeof(Transports))]
    public async Task A_genuine_read_right_after_connecting_still_works(string transport)
    {
        await using var stack = await StartAsync(transport);
        for (var i = 0; i < 5; i++)
        {
            var user = NotifierClient.NewUser("eager");
            var id = NotifierClient.NewId();
            await stack.Client.PublishAcceptedAsync($$"""{"id":"{{id}}","to":{"users":["{{user}}"]},"title":"read me at once"}""");

            // No wait for the asynchronous 'connected' event (SignalR's 'ready'): the read goes out as soon as the
            // connection is open, and may overtake it.
            await using var connection = await stack.ConnectAsync(user, waitUntilReady: false);
            await connection.SendEventAsync("read", id);

            Assert.True(await IsReadAsync(stack, user, id));
        }
    }

    private Task<NotifierEnvironment> StartAsync(string transport) =>
        NotifierEnvironment.StartAsync(_azurite, services: services => services.AddSingleton<IStartupFilter>(_capture), transport: transport);

    /// <summary>Connects <paramref name="user"/>, sends a genuine <c>read</c> over the transport and returns it as captured.</summary>
    private async Task<CapturedEvent> CaptureReadAsync(NotifierEnvironment stack, string user, string id)
    {
        await using var connection = await stack.ConnectAsync(user);
        await connection.SendEventAsync("read", id);
        var read = _capture.Events.Single(e => EventName(stack.Transport, e) == "read" && ConnectionId(stack.Transport, e) == connection.ConnectionId);
        Assert.NotNull(read.Header(stack.Transport == Transports.WebPubSub ? "ce-signature" : UpstreamHeaders.Signature));
        return read;
    }

    private static string? EventName(string transport, CapturedEvent e) =>
        e.Header(transport == Transports.WebPubSub ? "ce-eventName" : UpstreamHeaders.Event);

    private static string? ConnectionId(string transport, CapturedEvent e) =>
        e.Header(transport == Transports.WebPubSub ? "ce-connectionId" : UpstreamHeaders.ConnectionId);

    private static Dictionary<string, string?> AsUser(string transport, string user) =>
        Fresh(transport, new() { [transport == Transports.WebPubSub ? "ce-userId" : UpstreamHeaders.UserId] = user });

    /// <summary>
    /// The body of a user event with <paramref name="data"/>: the data itself for Web PubSub, an invocation of
    /// <paramref name="target"/> with it as the one argument for SignalR (under the captured invocation's id).
    /// </summary>
    private static byte[] Body(string transport, CapturedEvent captured, string target, string data)
    {
        if (transport == Transports.WebPubSub)
        {
            return Encoding.UTF8.GetBytes(data);
        }

        var invocation = System.Text.Json.JsonDocument.Parse(Encoding.UTF8.GetString(captured.Body).TrimEnd('\u001e')).RootElement;
        var invocationId = invocation.TryGetProperty("invocationId", out var value) ? value.GetString() : "1";
        return Encoding.UTF8.GetBytes($$"""{"type":1,"invocationId":"{{invocationId}}","target":"{{target}}","arguments":[{{data}}]}""");
    }

    /// <summary>
    /// Refused: Web PubSub answers the event with <paramref name="webPubSubStatus"/>; a SignalR invocation is answered
    /// 200 with a completion that carries the app's error (the client's <c>invoke</c> rejects with it).
    /// </summary>
    private static async Task AssertRefusedAsync(string transport, HttpResponseMessage response, HttpStatusCode webPubSubStatus, string signalRError)
    {
        var body = await response.Content.ReadAsStringAsync();
        if (transport == Transports.WebPubSub)
        {
            Assert.True(response.StatusCode == webPubSubStatus, $"Expected {(int)webPubSubStatus}, got {(int)response.StatusCode}: {body}");
            return;
        }

        Assert.True(response.StatusCode == HttpStatusCode.OK, $"Expected 200 with an error completion, got {(int)response.StatusCode}: {body}");
        var completion = System.Text.Json.JsonDocument.Parse(body.TrimEnd('\u001e')).RootElement;
        Assert.Equal(3, completion.GetProperty("type").GetInt32());
        Assert.Contains(signalRError, completion.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    private static async Task<HttpResponseMessage> SendAsync(NotifierEnvironment stack, HttpRequestMessage request)
    {
        using (request)
        {
            return await stack.App.Http.SendAsync(request);
        }
    }

    private static async Task<bool> IsReadAsync(NotifierEnvironment stack, string user, string id)
    {
        var inbox = await stack.Client.InboxAsync(user);
        return inbox.GetProperty("items").EnumerateArray()
            .Single(i => i.GetProperty("notification").GetProperty("id").GetString() == id)
            .GetProperty("read").GetBoolean();
    }

    /// <summary>On Web PubSub, a fresh event id and time with the changes, so neither de-duplication nor the window refuses it first.</summary>
    private static Dictionary<string, string?> Fresh(string transport, Dictionary<string, string?> changes)
    {
        if (transport == Transports.WebPubSub)
        {
            changes.TryAdd("ce-id", "forged-" + Guid.NewGuid().ToString("N"));
            changes.TryAdd("ce-time", Time(TimeProvider.System.GetUtcNow()));
        }

        return changes;
    }

    private static Dictionary<string, string?> Fresh(Dictionary<string, string?> changes) => Fresh(Transports.WebPubSub, changes);

    private static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}

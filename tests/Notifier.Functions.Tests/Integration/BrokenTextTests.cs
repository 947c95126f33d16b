using System.Net;
using System.Text;
using System.Text.Json;
using Notifier.Functions.Tests.Infrastructure;

namespace Notifier.Functions.Tests.Integration;

/// <summary>
/// Text that is not Unicode (invalid UTF-8 bytes, an escaped lone surrogate) is a caller's mistake on every route: a
/// prompt 400 naming the field, never a 500, never stored with U+FFFD in its place.
/// </summary>
[Collection(StackCollectionDefinition.Name)]
public sealed class BrokenTextTests
{
    private static readonly byte[] InvalidUtf8 = [0xFF, 0xFE];

    private readonly NotifierEnvironment _stack;

    public BrokenTextTests(StackFixture fixture)
    {
        _stack = fixture.Stack;
    }

    private NotifierClient Client => _stack.Client;

    public static TheoryData<string, string> PublishBodies() => new()
    {
        // BAD stands for invalid UTF-8 bytes; \ud800 and \udc00 are escapes of surrogates without their pair.
        { """{"id":"ID","to":{"users":["U"]},"title":"BAD"}""", "title" },
        { """{"id":"ID","to":{"users":["U"]},"title":"\ud800"}""", "title" },
        { """{"id":"ID","to":{"users":["U"]},"title":"x","body":"ok \udc00 then"}""", "body" },
        { """{"id":"ID","to":{"users":["U"]},"title":"x","data":{"note":"BAD"}}""", "data.note" },
        { """{"id":"ID","to":{"users":["U"]},"title":"x","data":{"note":"\ud800"}}""", "data.note" },
        { """{"id":"ID","to":{"users":["U"]},"title":"x","data":{"list":["a","\ud83d"]}}""", "data.list[1]" },
        { """{"id":"ID","to":{"users":["U"]},"title":"x","data":{"BAD":1}}""", "data" },
        { """{"id":"ID","to":{"users":["U","BAD"]},"title":"x"}""", "to.users[1]" },
        { """[{"id":"ID","to":{"users":["U"]},"title":"fine"},{"to":{"users":["U"]},"title":"BAD"}]""", "[1].title" },
    };

    [Theory]
    [MemberData(nameof(PublishBodies))]
    public async Task A_publish_with_broken_text_is_refused_naming_the_field_and_stores_nothing(string template, string field)
    {
        var user = NotifierClient.NewUser("text");
        var id = NotifierClient.NewId();
        var body = Bytes(template.Replace("\"ID\"", $"\"{id}\"", StringComparison.Ordinal).Replace("\"U\"", $"\"{user}\"", StringComparison.Ordinal));

        using var request = new HttpRequestMessage(HttpMethod.Post, "api/notifications") { Content = Json(body) };
        request.Headers.Add("X-Api-Key", StackSettings.ApiKey);
        using var response = await _stack.App.Http.SendAsync(request);

        var problem = await BadInputTests.AssertProblemAsync(response, HttpStatusCode.BadRequest, field);
        Assert.Contains("Unicode", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Null(await Client.StatusAsync(id));
        Assert.DoesNotContain(await Client.AllInboxAsync(user), e => e.Id == id);
    }

    [Fact]
    public async Task Well_formed_text_outside_ascii_is_stored_as_sent()
    {
        var user = NotifierClient.NewUser("text");
        var id = NotifierClient.NewId();
        await Client.PublishAcceptedAsync($$"""{"id":"{{id}}","to":{"users":["{{user}}"]},"title":"Grüße \ud83d\ude00 €","data":{"k":"ü"} }""");

        var inbox = await Client.InboxAsync(user);
        var notification = Assert.Single(inbox.GetProperty("items").EnumerateArray(), i => i.GetProperty("notification").GetProperty("id").GetString() == id).GetProperty("notification");
        Assert.Equal("Grüße \U0001F600 €", notification.GetProperty("title").GetString());
        Assert.Equal("ü", notification.GetProperty("data").GetProperty("k").GetString());
    }

    [Theory]
    [InlineData("""{"ids":["\ud800"]}""", "ids[0]")]
    [InlineData("""{"ids":["BAD"]}""", "ids[0]")]
    [InlineData("""{"ids":["n-1","\udfff"]}""", "ids[1]")]
    public async Task Marking_read_with_broken_ids_is_refused_naming_the_field(string template, string field)
    {
        var user = NotifierClient.NewUser("reader");
        var id = NotifierClient.NewId();
        await Client.PublishAcceptedAsync($$"""{"id":"{{id}}","to":{"users":["{{user}}"]},"title":"x"}""");

        using var request = NotifierClient.UserRequest(HttpMethod.Post, "api/inbox/read", user);
        request.Content = Json(Bytes(template));
        using var response = await _stack.App.Http.SendAsync(request);

        await BadInputTests.AssertProblemAsync(response, HttpStatusCode.BadRequest, field);
        Assert.Equal(0, (await Client.StatusAsync(id))!.Value.GetProperty("read").GetInt32());
    }

    [Theory]
    [InlineData("read", """{"ids":["\ud800"]}""")]
    [InlineData("ack", """{"ids":["BAD"]}""")]
    public async Task A_signed_event_with_broken_ids_is_refused_with_400_and_changes_nothing(string eventName, string data)
    {
        var user = NotifierClient.NewUser("signed");
        var id = NotifierClient.NewId();
        await Client.PublishAcceptedAsync($$"""{"id":"{{id}}","to":{"users":["{{user}}"]},"title":"x"}""");
        var negotiated = await Client.NegotiateAsync(user);
        var (socket, connected) = await TestWebSocket.ConnectJsonAsync(new Uri(negotiated.GetProperty("url").GetString()!));
        await using var _ = socket;

        using var request = SignedEvent.Create(eventName, user, connected.GetProperty("connectionId").GetString()!, Bytes(data));
        using var response = await _stack.App.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("ids[0]", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var status = await Client.StatusAsync(id);
        Assert.Equal(0, status!.Value.GetProperty("read").GetInt32());
        Assert.Equal(0, status.Value.GetProperty("delivered").GetInt32());
    }

    /// <summary>
    /// Web PubSub only: it sends a raw frame of the Web PubSub protocol. SignalR's twin, an invocation whose ids hold a
    /// lone surrogate, reaches the app's upstream in <see cref="EventReplayTests"/>.
    /// </summary>
    [Fact]
    public async Task A_client_read_with_a_lone_surrogate_gets_a_failed_ack_at_once_and_changes_nothing()
    {
        var user = NotifierClient.NewUser("socket");
        var id = NotifierClient.NewId();
        await Client.PublishAcceptedAsync($$"""{"id":"{{id}}","to":{"users":["{{user}}"]},"title":"x"}""");
        await using var socket = await Client.ConnectAsync(user);

        // The escape reaches the app as JSON text; a 500 there made the emulator retry for about 9 s before failing the ack.
        await socket.SendTextAsync("""{"type":"event","event":"read","dataType":"json","data":{"ids":["\ud800"]},"ackId":77}""");
        JsonElement ack;
        do
        {
            ack = await socket.ReceiveJsonAsync(TimeSpan.FromSeconds(5));
        }
        while (ack.GetProperty("type").GetString() != "ack");

        Assert.Equal(77, ack.GetProperty("ackId").GetInt32());
        Assert.False(ack.GetProperty("success").GetBoolean());
        Assert.Equal(0, (await Client.StatusAsync(id))!.Value.GetProperty("read").GetInt32());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_queue_message_with_broken_text_goes_to_poison_at_once_and_stores_nothing(bool invalidBytes)
    {
        var user = NotifierClient.NewUser("queued");
        var messageId = Guid.NewGuid().ToString("N");
        var title = invalidBytes ? "BAD" : "\\ud800";
        var invocation = Bytes(HostInvocationTests.Invocation($$"""{"to":{"users":["{{user}}"]},"title":"{{title}}"}""", messageId));

        using var response = await _stack.App.Host.PostAsync("queue-notifications", Json(invocation));

        // Success for the host (the message is done with) and the message in the poison output, naming the field.
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var result = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var poison = result.RootElement.GetProperty("Outputs").GetProperty("poison");
        Assert.Contains(invalidBytes ? "Data.message" : "title", poison.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(await Client.AllInboxAsync(user), e => e.Id == "q-" + messageId);
        Assert.Null(await Client.StatusAsync("q-" + messageId));
    }

    private static ByteArrayContent Json(byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        return content;
    }

    /// <summary>UTF-8 of the text, with each <c>BAD</c> replaced by bytes that are not UTF-8.</summary>
    private static byte[] Bytes(string text)
    {
        var parts = text.Split("BAD");
        var bytes = new List<byte>(Encoding.UTF8.GetBytes(parts[0]));
        foreach (var part in parts.Skip(1))
        {
            bytes.AddRange(InvalidUtf8);
            bytes.AddRange(Encoding.UTF8.GetBytes(part));
        }

        return [.. bytes];
    }
}

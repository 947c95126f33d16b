using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Notifier.Functions.Tests.Infrastructure;

namespace Notifier.Functions.Tests.Integration;

/// <summary>Mutes per user: kept in the inbox, not pushed live, not counted; critical ignores them; applies to the next notification on a live connection.</summary>
[Collection(StackCollectionDefinition.Name)]
public sealed class PreferencesTests
{
    private readonly StackFixture _stacks;
    private readonly NotifierEnvironment _stack;

    public PreferencesTests(StackFixture fixture)
    {
        _stacks = fixture;
        _stack = fixture.Stack;
    }

    private NotifierClient Client => _stack.Client;

    private async Task<JsonElement> GetAsync(string user)
    {
        using var request = NotifierClient.UserRequest(HttpMethod.Get, "api/preferences", user);
        using var response = await _stack.App.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    [Fact]
    public async Task A_user_without_preferences_has_nothing_muted_and_a_put_is_read_back_sorted_and_distinct()
    {
        var user = NotifierClient.NewUser("prefs");
        Assert.Equal("""{"muted":{"types":[],"groups":[]}}""", (await GetAsync(user)).GetRawText());

        using var put = await Client.PutPreferencesAsync(user, """{"muted":{"types":["b.digest","a.promo","b.digest"],"groups":["ops"]}}""");
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);

        Assert.Equal("""{"muted":{"types":["a.promo","b.digest"],"groups":["ops"]}}""", (await GetAsync(user)).GetRawText());
    }

    [Theory]
    [MemberData(nameof(Transports.Both), MemberType = typeof(Transports))]
    public async Task A_muted_type_is_kept_but_not_pushed_or_counted_from_the_next_notification_on_without_a_reconnect(string transport)
    {
        var stack = _stacks[transport];
        var client = stack.Client;
        var user = NotifierClient.NewUser("quiet");
        await using var socket = await stack.ConnectAsync(user);
        using (await client.PutPreferencesAsync(user, """{"muted":{"types":["digest"],"groups":[]}}"""))
        {
        }

        var muted = NotifierClient.NewId();
        var critical = NotifierClient.NewId();
        var other = NotifierClient.NewId();
        await client.PublishAcceptedAsync($$"""{"id":"{{muted}}","to":{"users":["{{user}}"]},"type":"digest","title":"weekly"}""");
        await client.PublishAcceptedAsync($$"""{"id":"{{critical}}","to":{"users":["{{user}}"]},"type":"digest","title":"urgent","critical":true}""");
        await client.PublishAcceptedAsync($$"""{"id":"{{other}}","to":{"users":["{{user}}"]},"type":"order","title":"shipped"}""");

        // Pushes arrive in publish order: the first to arrive is the critical one, so the muted one was never sent.
        Assert.Equal(critical, (await socket.ReceiveEnvelopeAsync("notification")).GetProperty("payload").GetProperty("id").GetString());
        Assert.Equal(other, (await socket.ReceiveEnvelopeAsync("notification")).GetProperty("payload").GetProperty("id").GetString());
        Assert.Equal(2, await client.UnreadAsync(user));
        var items = (await client.InboxAsync(user)).GetProperty("items").EnumerateArray().ToDictionary(i => i.GetProperty("notification").GetProperty("id").GetString()!, i => i.GetProperty("muted").GetBoolean());
        Assert.Equal(new Dictionary<string, bool> { [muted] = true, [critical] = false, [other] = false }, items);

        using (await client.PutPreferencesAsync(user, """{"muted":{"types":[],"groups":[]}}"""))
        {
        }

        var again = NotifierClient.NewId();
        await client.PublishAcceptedAsync($$"""{"id":"{{again}}","to":{"users":["{{user}}"]},"type":"digest","title":"weekly"}""");
        Assert.Equal(again, (await socket.ReceiveEnvelopeAsync("notification")).GetProperty("payload").GetProperty("id").GetString());
    }

    /// <summary>
    /// Web PubSub leaves the muted users out of a group push with a filter. SignalR Service's group send can leave out
    /// connections only, not users, so there the push reaches them live, muted in their inbox all the same
    /// (docs/transports.md).
    /// </summary>
    [Theory]
    [MemberData(nameof(Transports.Both), MemberType = typeof(Transports))]
    public async Task A_muted_group_is_left_out_of_the_group_push_where_the_transport_can_and_kept_muted_in_the_inbox(string transport)
    {
        var stack = _stacks[transport];
        var client = stack.Client;
        var quiet = NotifierClient.NewUser("mutes-ops");
        var loud = NotifierClient.NewUser("hears-ops");
        await using var quietSocket = await stack.ConnectAsync(quiet, roles: "ops");
        await using var loudSocket = await stack.ConnectAsync(loud, roles: "ops");
        using (await client.PutPreferencesAsync(quiet, """{"muted":{"types":[],"groups":["ops"]}}"""))
        {
        }

        var id = NotifierClient.NewId();
        var marker = NotifierClient.NewId();
        await client.PublishAcceptedAsync($$"""{"id":"{{id}}","to":{"groups":["ops"]},"title":"deploy"}""");
        await client.PublishAcceptedAsync($$"""{"id":"{{marker}}","to":{"users":["{{quiet}}"]},"title":"direct"}""");

        Assert.Equal(id, (await loudSocket.ReceiveEnvelopeAsync("notification")).GetProperty("payload").GetProperty("id").GetString());
        var first = (await quietSocket.ReceiveEnvelopeAsync("notification")).GetProperty("payload").GetProperty("id").GetString();
        Assert.Equal(transport == Transports.WebPubSub ? marker : id, first);
        var quietItems = (await client.InboxAsync(quiet, roles: "ops")).GetProperty("items").EnumerateArray().ToList();
        Assert.Contains(quietItems, i => i.GetProperty("notification").GetProperty("id").GetString() == id && i.GetProperty("muted").GetBoolean());
    }

    [Theory]
    [MemberData(nameof(Transports.Both), MemberType = typeof(Transports))]
    public async Task Another_device_gets_the_new_preferences_live(string transport)
    {
        var stack = _stacks[transport];
        var user = NotifierClient.NewUser("prefsync");
        await using var device = await stack.ConnectAsync(user);

        using (await stack.Client.PutPreferencesAsync(user, """{"muted":{"types":["digest"],"groups":[]}}"""))
        {
        }

        var envelope = await device.ReceiveEnvelopeAsync("preferences");
        Assert.Equal("""{"types":["digest"],"groups":[]}""", envelope.GetProperty("payload").GetProperty("muted").GetRawText());
    }

    [Theory]
    [InlineData("""[]""", "body")]
    [InlineData("""{"muted":{"types":["ok"],"groups":"ops"}}""", "muted.groups")]
    [InlineData("""{"muted":{"types":["ok","bad type"]}}""", "muted.types[1]")]
    [InlineData("""{"muted":{"topics":[]}}""", "muted.topics")]
    [InlineData("""{"mute":{}}""", "mute")]
    [InlineData("""{}""", "muted")]
    public async Task Bad_preferences_are_a_400_naming_the_field_and_change_nothing(string body, string field)
    {
        var user = NotifierClient.NewUser("badprefs");
        using (await Client.PutPreferencesAsync(user, """{"muted":{"types":["kept"],"groups":[]}}"""))
        {
        }

        using var response = await Client.PutPreferencesAsync(user, body);
        await BadInputTests.AssertProblemAsync(response, HttpStatusCode.BadRequest, field);
        Assert.Equal("""{"muted":{"types":["kept"],"groups":[]}}""", (await GetAsync(user)).GetRawText());
    }
}

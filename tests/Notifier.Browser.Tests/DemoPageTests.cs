using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Notifier.Browser.Tests.Infrastructure;
using Notifier.DevHost.QueueTriggers;
using Notifier.DevHost.Stack;
using static Microsoft.Playwright.Assertions;

namespace Notifier.Browser.Tests;

/// <summary>
/// The demo page in real Chromium against the whole local stack: the function app, the emulator over real WebSockets
/// (as Web PubSub or as SignalR Service: one subclass per transport), Azurite, and the client library from client/src
/// as the browser loads it.
/// </summary>
public abstract class DemoPageTests : IAsyncLifetime
{
    private readonly StackFixture _fixture;
    private IBrowserContext _context = null!;

    protected DemoPageTests(StackFixture fixture)
    {
        _fixture = fixture;
    }

    public async Task InitializeAsync() => _context = await _fixture.Browser.NewContextAsync();

    public async Task DisposeAsync() => await _context.DisposeAsync();

    [Fact]
    public async Task The_page_takes_the_client_of_the_transport_negotiate_names_and_says_which()
    {
        var user = StackFixture.NewUser("transport");
        var page = await DemoTab.OpenAsync(_context, _fixture.BaseUrl);
        var sockets = new List<string>();
        page.Page.WebSocket += (_, socket) => sockets.Add(socket.Url);
        await page.SignInAsync(user);

        await Expect(page.Page.Locator("#transport")).ToHaveTextAsync($"via {_fixture.TransportName}");
        var hub = LocalStack.Hub;
        var expected = _fixture.IsSignalR ? $"/client/?hub={hub}&" : $"/client/hubs/{hub}?";
        Assert.True(sockets.Count == 1 && sockets[0].Contains(expected, StringComparison.Ordinal), $"Expected one WebSocket to {expected}, got: {string.Join(", ", sockets)}");

        // @microsoft/signalr is loaded only when the app runs SignalR.
        Assert.Equal(_fixture.IsSignalR, await page.Page.EvaluateAsync<bool>("() => typeof window.signalR === 'object'"));
    }

    [Fact]
    public async Task A_notification_published_over_HTTP_appears_in_the_page_within_a_second()
    {
        var user = StackFixture.NewUser("live");
        var page = await DemoTab.OpenAsync(_context, _fixture.BaseUrl);
        await page.SignInAsync(user);
        await page.ExpectUnreadAsync(0);
        await page.OpenPanelAsync();

        await _fixture.PublishAsync(new { to = new { users = new[] { user } }, type = "order.shipped", title = "Your order has shipped", body = "Arriving Thursday." });

        // Within a second of the 202: in the open list, unread, and counted on the badge.
        var item = page.Item("Your order has shipped");
        await Expect(item).ToBeVisibleAsync(new() { Timeout = 1_000 });
        await Expect(item).ToHaveAttributeAsync("data-read", "false", new() { Timeout = 1_000 });
        await Expect(item).ToContainTextAsync("Arriving Thursday.", new() { Timeout = 1_000 });
        await page.ExpectUnreadAsync(1, timeout: 1_000);
    }

    [Fact]
    public async Task Two_tabs_of_the_same_user_stay_in_sync_when_one_reads()
    {
        var user = StackFixture.NewUser("tabs");
        var first = await DemoTab.OpenAsync(_context, _fixture.BaseUrl);
        await first.SignInAsync(user);

        // The second tab of the same browser is signed in as the same user.
        var second = await DemoTab.OpenAsync(_context, _fixture.BaseUrl);
        await Expect(second.Page.Locator("#user-name")).ToHaveTextAsync(user);
        await second.WaitUntilLiveAsync();

        foreach (var title in new[] { "Build 41 passed", "Build 42 passed", "Build 43 failed" })
        {
            await _fixture.PublishAsync(new { to = new { users = new[] { user } }, title });
        }

        await first.ExpectUnreadAsync(3);
        await second.ExpectUnreadAsync(3);

        // Read one in the first tab: the second tab's badge drops and the item shows as read there too.
        await first.OpenPanelAsync();
        await first.Item("Build 42 passed").GetByRole(AriaRole.Button, new() { Name = "Mark “Build 42 passed” as read" }).ClickAsync();
        await first.ExpectUnreadAsync(2);
        await second.ExpectUnreadAsync(2);
        await second.OpenPanelAsync();
        await Expect(second.Item("Build 42 passed")).ToHaveAttributeAsync("data-read", "true");
        await Expect(second.Item("Build 43 failed")).ToHaveAttributeAsync("data-read", "false");

        // Mark all read in the second tab: the first tab's badge goes away.
        await second.Page.GetByRole(AriaRole.Button, new() { Name = "Mark all as read" }).ClickAsync();
        await second.ExpectUnreadAsync(0);
        await first.ExpectUnreadAsync(0);
        await Expect(first.Items.Filter(new() { HasNot = first.Page.Locator("[data-read=true]") })).ToHaveCountAsync(3);
        await Expect(first.Page.Locator("#inbox > li[data-read=false]")).ToHaveCountAsync(0);
        Assert.Equal(0, await _fixture.UnreadCountAsync(user));
    }

    [Fact]
    public async Task A_tab_closed_while_notifications_were_sent_shows_all_of_them_in_order_when_it_reopens()
    {
        var user = StackFixture.NewUser("away");
        var page = await DemoTab.OpenAsync(_context, _fixture.BaseUrl);
        await page.SignInAsync(user);
        await _fixture.PublishAsync(new { to = new { users = new[] { user } }, title = "Before you left" });
        await page.ExpectUnreadAsync(1);
        await page.Page.CloseAsync();

        var titles = Enumerable.Range(1, 6).Select(i => $"While away {i}").ToArray();
        foreach (var title in titles)
        {
            await _fixture.PublishAsync(new { to = new { users = new[] { user } }, title });
        }

        var reopened = await DemoTab.OpenAsync(_context, _fixture.BaseUrl);
        await Expect(reopened.Page.Locator("#user-name")).ToHaveTextAsync(user);
        await reopened.WaitUntilLiveAsync();
        await reopened.OpenPanelAsync();

        // Newest first, nothing missing, nothing twice.
        string[] expected = [.. titles.Reverse(), "Before you left"];
        await Expect(reopened.Items.Locator(".item-title")).ToHaveTextAsync(expected.Select(t => "Unread: " + t).ToArray());
        await reopened.ExpectUnreadAsync(7);
    }

    [Fact]
    public async Task The_badge_is_right_after_a_reconnect()
    {
        var user = StackFixture.NewUser("reconnect");
        var page = await DemoTab.OpenAsync(_context, _fixture.BaseUrl);
        await page.SignInAsync(user);
        var first = await _fixture.PublishAsync(new { to = new { users = new[] { user } }, title = "Before the drop" });
        await page.ExpectUnreadAsync(1);

        // The service drops the connection, and the network stays unusable for a while: no negotiate gets through, the
        // app's or (SignalR) the service's.
        await _context.RouteAsync(new Regex("/(api|client)/negotiate"), route => route.AbortAsync("internetdisconnected"));
        await _fixture.CloseUserConnectionsAsync(user, "network drop (test)");
        await Expect(page.Connection).ToHaveAttributeAsync("data-state", "reconnecting");

        // Meanwhile: three more arrive, and another device reads the first and one of the new ones.
        var during = new List<string>();
        foreach (var title in new[] { "During the drop 1", "During the drop 2", "During the drop 3" })
        {
            during.Add(await _fixture.PublishAsync(new { to = new { users = new[] { user } }, title }));
        }

        await _fixture.MarkReadOverHttpAsync(user, first, during[1]);
        Assert.Equal(2, await _fixture.UnreadCountAsync(user));

        await _context.UnrouteAllAsync();
        await page.WaitUntilLiveAsync();
        await page.ExpectUnreadAsync(2);
        await page.OpenPanelAsync();
        await Expect(page.Items).ToHaveCountAsync(4);
        await Expect(page.Item("Before the drop")).ToHaveAttributeAsync("data-read", "true");
        await Expect(page.Item("During the drop 2")).ToHaveAttributeAsync("data-read", "true");
        await Expect(page.Item("During the drop 3")).ToHaveAttributeAsync("data-read", "false");
    }

    [Fact]
    public async Task A_notification_put_on_the_storage_queue_reaches_the_page()
    {
        var user = StackFixture.NewUser("queued");
        var page = await DemoTab.OpenAsync(_context, _fixture.BaseUrl);
        await page.SignInAsync(user);
        await page.OpenPanelAsync();

        // The local stack's queue trigger polls 'notifications' as the Functions host would (at most 2 s apart).
        var queue = HostQueueClients.Create(_fixture.Stack.StorageConnectionString, LocalStack.QueueName);
        await queue.SendMessageAsync($$"""{"to":{"users":["{{user}}"]},"type":"report.ready","title":"Your report is ready"}""");

        await Expect(page.Item("Your report is ready")).ToBeVisibleAsync(new() { Timeout = 10_000 });
        await page.ExpectUnreadAsync(1);
    }

    [Fact]
    public async Task The_send_form_publishes_to_a_user_and_the_receipt_comes_back_when_they_read_it()
    {
        var sender = StackFixture.NewUser("sender");
        var recipient = StackFixture.NewUser("recipient");
        var senderPage = await DemoTab.OpenAsync(_context, _fixture.BaseUrl);
        await senderPage.SignInAsync(sender);

        await using var otherBrowser = await _fixture.Browser.NewContextAsync();
        var recipientPage = await DemoTab.OpenAsync(otherBrowser, _fixture.BaseUrl);
        await recipientPage.SignInAsync(recipient);

        var form = senderPage.Page;
        await form.GetByLabel("User names", new() { Exact = true }).FillAsync(recipient);
        await form.GetByLabel("Title", new() { Exact = true }).FillAsync("Lunch at noon?");
        await form.GetByLabel("Message").FillAsync("The usual place.");
        await form.GetByLabel("Tell me when it is read").CheckAsync();
        await form.GetByRole(AriaRole.Button, new() { Name = "Send notification" }).ClickAsync();
        await Expect(form.Locator("#compose-status")).ToHaveTextAsync($"Sent to {recipient}.");

        await recipientPage.ExpectUnreadAsync(1);
        await recipientPage.OpenPanelAsync();
        var item = recipientPage.Item("Lunch at noon?");
        await Expect(item).ToContainTextAsync($"from {sender}");
        await item.GetByRole(AriaRole.Button, new() { Name = "Mark “Lunch at noon?” as read" }).ClickAsync();
        await recipientPage.ExpectUnreadAsync(0);

        await Expect(form.Locator("#activity")).ToContainTextAsync($"{recipient} read “Lunch at noon?”");
    }
}

using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Notifier.Browser.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Notifier.Browser.Tests;

/// <summary>
/// The bell as people expect it: All / Unread / Archived tabs, archive and mark unread, the count in the tab's title,
/// links named by their title, focus kept in the list, browser notifications while hidden (asked on a click), an offline
/// banner within two seconds with a retry, 44 px touch targets on a phone, and no axe-core violations.
/// </summary>
/// <remarks>One subclass per transport.</remarks>
public abstract class InboxViewTests : IAsyncLifetime
{
    // Stands in for the Notification API: records alerts and permission requests, and grants only with a user gesture.
    private const string FakeNotifications = """
        window.__alerts = []; window.__asked = []; let permission = 'default';
        class FakeNotification extends EventTarget {
          constructor(title, options) { super(); window.__alerts.push({ title, body: options?.body ?? '' }); }
          static get permission() { return permission; }
          static async requestPermission() {
            window.__asked.push(navigator.userActivation.isActive);
            if (navigator.userActivation.isActive) permission = 'granted';
            return permission;
          }
          close() {}
        }
        window.Notification = FakeNotification;
        Object.defineProperty(document, 'hidden', { configurable: true, get: () => window.__hidden === true });
        """;

    private readonly StackFixture _fixture;
    private IBrowserContext _context = null!;

    protected InboxViewTests(StackFixture fixture)
    {
        _fixture = fixture;
    }

    public async Task InitializeAsync() => _context = await _fixture.Browser.NewContextAsync();

    public async Task DisposeAsync() => await _context.DisposeAsync();

    private Task<string> PublishAsync(string user, string title, string? url = null) =>
        _fixture.PublishAsync(url is null ? new { to = new { users = new[] { user } }, title } : (object)new { to = new { users = new[] { user } }, title, url });

    [Fact]
    public async Task Archive_moves_an_item_to_the_Archived_tab_and_back_and_the_count_follows_in_badge_and_title()
    {
        var user = StackFixture.NewUser("archive");
        var page = await DemoTab.OpenAsync(_context, _fixture.BaseUrl);
        await page.SignInAsync(user);
        foreach (var title in new[] { "Invoice ready", "Build failed", "Weekly report" })
        {
            await PublishAsync(user, title);
        }

        await page.ExpectUnreadAsync(3);
        await Expect(page.Page).ToHaveTitleAsync(new Regex(@"^\(3\) "));
        await page.OpenPanelAsync();

        await page.Item("Build failed").GetByRole(AriaRole.Button, new() { Name = "Archive “Build failed”" }).ClickAsync();
        await Expect(page.Item("Build failed")).ToHaveCountAsync(0);
        await page.ExpectUnreadAsync(2);
        await Expect(page.Page).ToHaveTitleAsync(new Regex(@"^\(2\) "));
        await _fixture.ExpectUnreadCountAsync(user, 2);

        await page.Page.GetByRole(AriaRole.Tab, new() { Name = "Archived" }).ClickAsync();
        await Expect(page.Items).ToHaveCountAsync(1);
        await page.Item("Build failed").GetByRole(AriaRole.Button, new() { Name = "Move “Build failed” back to the inbox" }).ClickAsync();
        await Expect(page.Items).ToHaveCountAsync(0);
        await page.ExpectUnreadAsync(3);

        await page.Page.GetByRole(AriaRole.Tab, new() { Name = "All" }).ClickAsync();
        await Expect(page.Items).ToHaveCountAsync(3);
    }

    [Fact]
    public async Task Mark_unread_brings_an_item_back_to_the_Unread_tab_and_another_tab_follows()
    {
        var user = StackFixture.NewUser("unread");
        var page = await DemoTab.OpenAsync(_context, _fixture.BaseUrl);
        await page.SignInAsync(user);
        var other = await DemoTab.OpenAsync(_context, _fixture.BaseUrl);
        await other.WaitUntilLiveAsync();
        await PublishAsync(user, "Meeting moved");
        await PublishAsync(user, "Lunch order");
        await page.ExpectUnreadAsync(2);
        await page.OpenPanelAsync();

        await page.Item("Meeting moved").GetByRole(AriaRole.Button, new() { Name = "Mark “Meeting moved” as read" }).ClickAsync();
        await page.ExpectUnreadAsync(1);
        await other.ExpectUnreadAsync(1);
        await page.Page.GetByRole(AriaRole.Tab, new() { Name = "Unread" }).ClickAsync();
        await Expect(page.Items).ToHaveCountAsync(1);

        await page.Page.GetByRole(AriaRole.Tab, new() { Name = "All" }).ClickAsync();
        await page.Item("Meeting moved").GetByRole(AriaRole.Button, new() { Name = "Mark “Meeting moved” as unread" }).ClickAsync();
        await page.ExpectUnreadAsync(2);
        await other.ExpectUnreadAsync(2);
        await page.Page.GetByRole(AriaRole.Tab, new() { Name = "Unread" }).ClickAsync();
        await Expect(page.Items).ToHaveCountAsync(2);
    }

    [Fact]
    public async Task Links_are_named_by_their_title_and_focus_stays_in_the_list_after_marking_read()
    {
        var user = StackFixture.NewUser("focus");
        var page = await DemoTab.OpenAsync(_context, _fixture.BaseUrl);
        await page.SignInAsync(user);
        await PublishAsync(user, "Order 42 shipped", "/orders/42");
        await PublishAsync(user, "Order 43 shipped", "/orders/43");
        await page.ExpectUnreadAsync(2);
        await page.OpenPanelAsync();

        await Expect(page.Page.GetByRole(AriaRole.Link, new() { Name = "Order 42 shipped" })).ToHaveAttributeAsync("href", "/orders/42");
        await Expect(page.Page.GetByRole(AriaRole.Link, new() { Name = "Open" })).ToHaveCountAsync(0);

        // By keyboard: the focused read button goes away with the read, and focus moves on within the list.
        var first = page.Item("Order 43 shipped").GetByRole(AriaRole.Button, new() { Name = "Mark “Order 43 shipped” as read" });
        await first.FocusAsync();
        await page.Page.Keyboard.PressAsync("Enter");
        await page.ExpectUnreadAsync(1);
        Assert.True(await page.Page.EvaluateAsync<bool>("() => document.getElementById('inbox').contains(document.activeElement)"), "focus left the list");

        await page.Page.Keyboard.PressAsync("Enter");
        await page.ExpectUnreadAsync(0);
        Assert.True(await page.Page.EvaluateAsync<bool>("() => document.getElementById('inbox').contains(document.activeElement)"), "focus left the list after the last read");
    }

    [Fact]
    public async Task A_hidden_tab_raises_a_browser_notification_once_allowed_by_a_click()
    {
        await _context.AddInitScriptAsync(FakeNotifications);
        var user = StackFixture.NewUser("alerts");
        var page = await DemoTab.OpenAsync(_context, _fixture.BaseUrl);
        await page.SignInAsync(user);
        await page.OpenPanelAsync();
        Assert.Equal(0, await page.Page.EvaluateAsync<int>("() => window.__asked.length"));

        await page.Page.GetByRole(AriaRole.Button, new() { Name = "Alert me when this tab is in the background" }).ClickAsync();
        var asked = await page.Page.EvaluateAsync<bool[]>("() => window.__asked");
        Assert.Equal([true], asked);
        await Expect(page.Page.Locator("#alerts-status")).ToContainTextAsync("Alerts are on");

        await PublishAsync(user, "Seen in the foreground");
        await page.ExpectUnreadAsync(1);
        await page.Page.EvaluateAsync("() => { window.__hidden = true; }");
        await PublishAsync(user, "Raised while hidden");
        await page.ExpectUnreadAsync(2);

        var alerts = await page.Page.EvaluateAsync<string[]>("() => window.__alerts.map(a => a.title)");
        Assert.Equal(["Raised while hidden"], alerts);
    }

    [Fact]
    public async Task A_silently_dead_connection_shows_the_offline_banner_within_two_seconds_and_retry_reconnects()
    {
        var user = StackFixture.NewUser("offline");
        var silent = false;
        var page = await DemoTab.OpenAsync(_context, _fixture.BaseUrl);

        // The service's end of the WebSocket goes quiet without closing, as when the stack is killed mid-flight. Both
        // services take client WebSockets under /client/ (Web PubSub's /client/hubs/…, SignalR's /client/?hub=…).
        await page.Page.RouteWebSocketAsync(new Regex("/client/"), ws =>
        {
            var server = ws.ConnectToServer();
            ws.OnMessage(frame =>
            {
                if (!silent && frame.Text is { } text)
                {
                    server.Send(text);
                }
            });
            server.OnMessage(frame =>
            {
                if (!silent && frame.Text is { } text)
                {
                    ws.Send(text);
                }
            });
        });

        // The click on "Retry now" is what brings the network back (before the page handles it): back any earlier, the
        // client's own reconnect could win, hide the banner and leave nothing to click.
        await page.Page.ExposeFunctionAsync("networkBack", () => silent = false);
        await page.Page.EvaluateAsync("() => document.addEventListener('click', (e) => { if (e.target.closest('#retry')) window.networkBack(); }, { capture: true })");
        await page.SignInAsync(user);
        var banner = page.Page.GetByRole(AriaRole.Alert).Filter(new() { HasText = "You’re offline." });
        await Expect(banner).ToBeHiddenAsync();

        silent = true;
        await Expect(banner).ToBeVisibleAsync(new() { Timeout = 2_000 });
        await Expect(page.Connection).Not.ToHaveAttributeAsync("data-state", "connected");

        await banner.GetByRole(AriaRole.Button, new() { Name = "Retry now" }).ClickAsync();
        await page.WaitUntilLiveAsync();
        await Expect(banner).ToBeHiddenAsync();
    }

    [Fact]
    public async Task On_a_phone_every_control_of_the_bell_is_at_least_44_px()
    {
        await using var phone = await _fixture.Browser.NewContextAsync(new() { ViewportSize = new() { Width = 390, Height = 844 }, HasTouch = true, IsMobile = true });
        var user = StackFixture.NewUser("phone");
        var page = await DemoTab.OpenAsync(phone, _fixture.BaseUrl);
        await page.SignInAsync(user);
        await PublishAsync(user, "Tap me", "/tap");
        await page.ExpectUnreadAsync(1);
        await page.OpenPanelAsync();

        var small = await page.Page.EvaluateAsync<string[]>("""
            () => [...document.querySelectorAll('#bell, .tab, #inbox-panel button, #inbox a')]
              .filter(e => e.offsetParent !== null && getComputedStyle(e).visibility !== 'hidden')
              .map(e => [e, e.getBoundingClientRect()])
              .filter(([, r]) => r.width < 44 || r.height < 44)
              .map(([e, r]) => `${e.id || e.className || e.textContent} ${Math.round(r.width)}x${Math.round(r.height)}`)
            """);
        Assert.True(small.Length == 0, "Too small to tap: " + string.Join("; ", small));
    }

    [Fact]
    public async Task Axe_finds_no_violations_in_any_view()
    {
        var user = StackFixture.NewUser("axe");
        var page = await DemoTab.OpenAsync(_context, _fixture.BaseUrl);
        await Axe.AssertNoViolationsAsync(page.Page, _fixture.Stack.Repository.Root, "on the sign-in page");

        await page.SignInAsync(user);
        await PublishAsync(user, "Accessible title", "/a11y");
        await PublishAsync(user, "Second one");
        await page.ExpectUnreadAsync(2);
        await page.OpenPanelAsync();
        await page.Item("Second one").GetByRole(AriaRole.Button, new() { Name = "Mark “Second one” as read" }).ClickAsync();
        await Axe.AssertNoViolationsAsync(page.Page, _fixture.Stack.Repository.Root, "in the All tab");

        await page.Item("Second one").GetByRole(AriaRole.Button, new() { Name = "Archive “Second one”" }).ClickAsync();
        await page.Page.GetByRole(AriaRole.Tab, new() { Name = "Unread" }).ClickAsync();
        await Expect(page.Items).ToHaveCountAsync(1);
        await Axe.AssertNoViolationsAsync(page.Page, _fixture.Stack.Repository.Root, "in the Unread tab");
        await page.Page.GetByRole(AriaRole.Tab, new() { Name = "Archived" }).ClickAsync();
        await Expect(page.Items).ToHaveCountAsync(1);
        await Axe.AssertNoViolationsAsync(page.Page, _fixture.Stack.Repository.Root, "in the Archived tab");
    }
}

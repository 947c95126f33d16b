using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Notifier.Browser.Tests.Infrastructure;

/// <summary>A browser tab on the demo page, used as a person would: sign in, the bell and its badge, the list, the read buttons.</summary>
public sealed class DemoTab
{
    public DemoTab(IPage page)
    {
        Page = page;
    }

    public IPage Page { get; }

    public ILocator Bell => Page.Locator("#bell");

    public ILocator Badge => Page.Locator("#badge");

    public ILocator Panel => Page.Locator("#inbox-panel");

    public ILocator Items => Page.Locator("#inbox > li.item");

    public ILocator Connection => Page.Locator("#connection");

    public static async Task<DemoTab> OpenAsync(IBrowserContext context, Uri baseUrl)
    {
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(15_000);
        await page.GotoAsync(baseUrl.AbsoluteUri);
        return new DemoTab(page);
    }

    /// <summary>Signs in through the form and waits until the connection is live.</summary>
    public async Task SignInAsync(string user)
    {
        await Page.GetByLabel("User name", new() { Exact = true }).FillAsync(user);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(Page.Locator("#user-name")).ToHaveTextAsync(user);
        await WaitUntilLiveAsync();
    }

    public async Task WaitUntilLiveAsync() =>
        await Expect(Connection).ToHaveAttributeAsync("data-state", "connected", new() { Timeout = 15_000 });

    public async Task OpenPanelAsync()
    {
        if (await Bell.GetAttributeAsync("aria-expanded") != "true")
        {
            await Bell.ClickAsync();
        }

        await Expect(Panel).ToBeVisibleAsync();
    }

    public ILocator Item(string title) => Items.Filter(new() { Has = Page.Locator(".item-title", new() { HasText = title }) });

    /// <summary>Waits until the badge shows <paramref name="count"/> unread (hidden at zero).</summary>
    public async Task ExpectUnreadAsync(int count, float timeout = 5_000)
    {
        await Expect(Badge).ToHaveAttributeAsync("data-count", count.ToString(System.Globalization.CultureInfo.InvariantCulture), new() { Timeout = timeout });
        if (count == 0)
        {
            await Expect(Badge).ToBeHiddenAsync(new() { Timeout = timeout });
        }
        else
        {
            await Expect(Badge).ToHaveTextAsync(count > 99 ? "99+" : count.ToString(System.Globalization.CultureInfo.InvariantCulture), new() { Timeout = timeout });
        }
    }
}

using System.Globalization;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using Notifier.Browser.Tests.Infrastructure;
using Notifier.DevHost.QueueTriggers;
using Notifier.DevHost.Stack;
using static Microsoft.Playwright.Assertions;

namespace Notifier.Browser.Tests;

/// <summary>
/// The operations page of the local stack in Chromium: reached from the demo page, it shows the function app's live
/// figures (publish rate, publish-to-push percentiles, open connections, totals, failures) from the in-process meter.
/// </summary>
[Collection(WebPubSubStackCollectionDefinition.Name)]
public sealed class OperationsPageTests : IAsyncLifetime
{
    private readonly WebPubSubStackFixture _fixture;
    private IBrowserContext _context = null!;

    public OperationsPageTests(WebPubSubStackFixture fixture)
    {
        _fixture = fixture;
    }

    public async Task InitializeAsync() => _context = await _fixture.Browser.NewContextAsync();

    public async Task DisposeAsync() => await _context.DisposeAsync();

    [Fact]
    public async Task The_page_shows_publishes_pushes_connections_and_a_rejected_message_as_they_happen()
    {
        var user = StackFixture.NewUser("watched");
        var demo = await DemoTab.OpenAsync(_context, _fixture.BaseUrl);
        await demo.SignInAsync(user);
        await demo.WaitUntilLiveAsync();

        // Reached from the demo page's header.
        var ops = await _context.NewPageAsync();
        await ops.GotoAsync(_fixture.BaseUrl.AbsoluteUri);
        await ops.GetByRole(AriaRole.Link, new() { Name = "Operations" }).ClickAsync();
        await Expect(ops).ToHaveURLAsync(new Uri(_fixture.BaseUrl, "ops.html").AbsoluteUri);
        await Expect(ops.GetByRole(AriaRole.Heading, new() { Name = "Operations", Level = 1 })).ToBeVisibleAsync();

        for (var i = 0; i < 5; i++)
        {
            await _fixture.PublishAsync(new { to = new { users = new[] { user } }, title = $"Load {i}" });
        }

        await demo.ExpectUnreadAsync(5);
        await Expect(ops.Locator("#ops-p50")).Not.ToHaveTextAsync("–");
        await Expect(ops.Locator("#ops-p99")).Not.ToHaveTextAsync("–");
        // The rate counts whole seconds, so it moves within a second or two of the publishes.
        await Expect(ops.Locator("#ops-rate")).Not.ToHaveAttributeAsync("data-value", "0");
        await Expect(ops.Locator("#ops-connections")).Not.ToHaveAttributeAsync("data-value", "0");
        Assert.True(int.Parse(await ops.Locator("#ops-connections").GetAttributeAsync("data-value") ?? "0", CultureInfo.InvariantCulture) >= 1);
        var accepted = ops.Locator("#ops-totals tr[data-outcome='accepted'] td").Nth(1);
        await Expect(accepted).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^[1-9][0-9]*$"));
        Assert.True(int.Parse(await accepted.TextContentAsync() ?? "0", CultureInfo.InvariantCulture) >= 5);

        // A message that can never be a notification goes to the poison queue and shows as a failure.
        var queue = HostQueueClients.Create(_fixture.Stack.StorageConnectionString, LocalStack.QueueName);
        await queue.SendMessageAsync("""{"to":{},"title":"nobody"}""");
        var failure = ops.Locator("#ops-failures tr", new() { HasText = "queue message rejected" }).First;
        await Expect(failure).ToBeVisibleAsync(new() { Timeout = 15_000 });
        await Expect(failure).ToContainTextAsync("notifier.queue.disposition=poison");

        var axe = await ops.RunAxe();
        Assert.True(axe.Violations.Length == 0, string.Join("\n", axe.Violations.Select(v => $"{v.Id}: {v.Help} ({string.Join(", ", v.Nodes.Select(n => n.Html))})")));
    }

    [Fact]
    public async Task The_figures_are_served_to_this_machine_as_json()
    {
        using var response = await _fixture.Http.GetAsync("ops/metrics.json");
        var body = await response.Content.ReadAsStringAsync();

        Assert.True(response.IsSuccessStatusCode, body);
        Assert.Equal("application/json; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        using var json = System.Text.Json.JsonDocument.Parse(body);
        Assert.Equal(60, json.RootElement.GetProperty("recentRates").GetArrayLength());
        Assert.True(json.RootElement.TryGetProperty("openConnections", out _));
        Assert.True(json.RootElement.TryGetProperty("failures", out _));
    }
}

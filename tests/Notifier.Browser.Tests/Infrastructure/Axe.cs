using System.Text.Json;
using Microsoft.Playwright;

namespace Notifier.Browser.Tests.Infrastructure;

/// <summary>Runs axe-core (pinned in package.json) in the page and fails with every violation it finds.</summary>
internal static class Axe
{
    public static async Task AssertNoViolationsAsync(IPage page, string repositoryRoot, string where)
    {
        // Colours are judged as they settle: an item's arrival highlight or a fading background is no contrast to check.
        await page.WaitForFunctionAsync("() => document.getAnimations().every(a => a.playState !== 'running')");
        await page.AddScriptTagAsync(new() { Path = Path.Combine(repositoryRoot, "node_modules", "axe-core", "axe.min.js") });
        var result = await page.EvaluateAsync<JsonElement>("async () => (await axe.run(document, { resultTypes: ['violations'] })).violations.map(v => ({ id: v.id, impact: v.impact, nodes: v.nodes.map(n => n.target.join(' ')) }))");
        Assert.True(result.GetArrayLength() == 0, $"axe-core found violations {where}: {result}");
    }
}

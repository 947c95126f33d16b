using System.Text.Json.Nodes;
using Notifier.Functions.OpenApi;
using Notifier.Functions.Tests.Infrastructure;
using Notifier.Testing.Azurite;

namespace Notifier.Functions.Tests.Contract;

/// <summary>The OpenAPI document as the app serves it, and the copy committed at docs/openapi.json.</summary>
public static class ServedDocument
{
    /// <summary>Set to 1 to rewrite docs/openapi.json from what the app serves instead of comparing.</summary>
    public const string RewriteVariable = "NOTIFIER_WRITE_OPENAPI";

    public static string CommittedPath => Path.Combine(RepositoryRoot.Path, "docs", "openapi.json");

    /// <summary>
    /// Fetches the document from an app that has no storage or Web PubSub to reach (serving it must need neither):
    /// generated from the endpoints by default, or the committed copy the app embeds and serves in production.
    /// </summary>
    public static async Task<string> FetchAsync(bool generated = true)
    {
        var settings = StackSettings.For("UseDevelopmentStorage=true", new Uri("http://127.0.0.1:9"), new Dictionary<string, string?>
        {
            [OpenApiRegistration.GenerateSetting] = generated ? "true" : null,
        });
        await using var app = await NotifierServer.StartAsync(settings);
        using var response = await app.Http.GetAsync(OpenApiRegistration.Route.TrimStart('/'));
        response.EnsureSuccessStatusCode();
        return Normalise(await response.Content.ReadAsStringAsync());
    }

    /// <summary>The committed document, parsed: the schemas the contract tests validate real answers against.</summary>
    public static JsonNode Committed() => JsonNode.Parse(File.ReadAllText(CommittedPath))!;

    /// <summary>Indented, with a final newline and LF line ends, so the committed file diffs well and compares byte for byte.</summary>
    public static string Normalise(string json) =>
        JsonNode.Parse(json)!.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }).ReplaceLineEndings("\n") + "\n";
}

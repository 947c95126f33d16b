using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Notifier.Functions.OpenApi;
using Notifier.Functions.Tests.Infrastructure;

namespace Notifier.Functions.Tests.Contract;

/// <summary>docs/openapi.json is what the app serves, and the document is served anonymously.</summary>
public sealed class OpenApiDocumentTests
{
    [Fact]
    public async Task Committed_document_is_what_the_app_serves()
    {
        var served = await ServedDocument.FetchAsync();
        if (Environment.GetEnvironmentVariable(ServedDocument.RewriteVariable) == "1")
        {
            await File.WriteAllTextAsync(ServedDocument.CommittedPath, served);
        }

        var committed = File.Exists(ServedDocument.CommittedPath) ? ServedDocument.Normalise(await File.ReadAllTextAsync(ServedDocument.CommittedPath)) : "(missing)";

        Assert.True(
            committed == served,
            "docs/openapi.json differs from the document the app serves at /api/openapi.json. If the change to the contract is "
            + $"intended, regenerate it with `{ServedDocument.RewriteVariable}=1 dotnet test tests/Notifier.Functions.Tests "
            + "--filter Committed_document_is_what_the_app_serves` (what ./scripts/openapi runs) and commit the result.");
    }

    [Fact]
    public async Task The_app_serves_the_committed_document()
    {
        // Built into the app from docs/openapi.json; the test above keeps that file equal to what the generator makes.
        var served = await ServedDocument.FetchAsync(generated: false);

        Assert.Equal(ServedDocument.Normalise(await File.ReadAllTextAsync(ServedDocument.CommittedPath)), served);
    }

    [Fact]
    public async Task Document_lists_every_public_route_and_no_internal_one()
    {
        var paths = System.Text.Json.Nodes.JsonNode.Parse(await ServedDocument.FetchAsync())!["paths"]!.AsObject().Select(p => p.Key).Order(StringComparer.Ordinal);

        Assert.Equal(
            [
                "/api/health", "/api/health/ready", "/api/inbox", "/api/inbox/archive", "/api/inbox/delete", "/api/inbox/read",
                "/api/inbox/unarchive", "/api/inbox/unread", "/api/inbox/unread-count", "/api/negotiate",
                "/api/notifications", "/api/notifications/{id}", "/api/preferences", "/api/presence/{userId}",
            ],
            paths);
    }

    [Fact]
    public void Functions_host_forwards_the_document_route_anonymously()
    {
        // Under the host only routes a function.json names reach the app; without this one the document 404s on Azure.
        var binding = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(
            Notifier.Testing.Azurite.RepositoryRoot.Path, "src", "Notifier.Functions", "Functions", "openapi", "function.json")))!["bindings"]![0]!;

        Assert.Equal(OpenApiRegistration.Route, "/api/" + binding["route"]!.GetValue<string>());
        Assert.Equal("anonymous", binding["authLevel"]!.GetValue<string>());
        Assert.Equal(["get"], binding["methods"]!.AsArray().Select(m => m!.GetValue<string>()));
    }

    [Fact]
    public async Task Document_adds_no_work_at_start()
    {
        var settings = StackSettings.For("UseDevelopmentStorage=true", new Uri("http://127.0.0.1:9"));
        await using var app = await NotifierServer.StartAsync(settings);

        // Serving the committed copy registers nothing of OpenAPI: no generator, no ApiExplorer (which brings MVC's core).
        Assert.Null(app.Services.GetService<Microsoft.AspNetCore.Mvc.ApiExplorer.IApiDescriptionGroupCollectionProvider>());
        Assert.DoesNotContain(app.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>(), FromOpenApi);
        Assert.DoesNotContain(app.Services.GetServices<Microsoft.AspNetCore.Hosting.IStartupFilter>(), FromOpenApi);

        static bool FromOpenApi(object service) => service.GetType().Assembly.GetName().Name!.Contains("OpenApi", StringComparison.Ordinal);
    }

    [Fact]
    public async Task Document_needs_no_credentials()
    {
        var settings = StackSettings.For("UseDevelopmentStorage=true", new Uri("http://127.0.0.1:9"));
        await using var app = await NotifierServer.StartAsync(settings);

        using var response = await app.Http.GetAsync(OpenApiRegistration.Route.TrimStart('/'));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
    }
}

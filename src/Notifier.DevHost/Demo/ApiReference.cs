using Scalar.AspNetCore;

namespace Notifier.DevHost.Demo;

/// <summary>
/// A browsable reference of the function app's OpenAPI document at <c>/api-reference</c>, on the local stack only: the
/// deployed app serves the document, not a page. Scalar's script comes from its package and its default fonts are off,
/// so the page works offline like the rest of the stack.
/// </summary>
internal static class ApiReference
{
    public const string Path = "/api-reference";

    public static void Map(WebApplication app) =>
        app.MapScalarApiReference(Path, options => options
            .WithTitle("Notifier API (local stack)")
            .WithOpenApiRoutePattern("/api/openapi.json")
            .DisableDefaultFonts());
}

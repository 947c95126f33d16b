using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;
using Microsoft.Net.Http.Headers;
using Notifier.DevHost.Startup;

namespace Notifier.DevHost.Demo;

/// <summary>
/// Serves the demo page at <c>/</c> and the client library's ES modules at <c>/client/</c> (the repository's
/// <c>client/src</c>), ahead of the function app's own endpoints, straight from the working tree so edits show on reload.
/// </summary>
internal static class DemoPage
{
    public const string ConfigPath = "/demo/config.json";

    public static void Map(WebApplication app, RepositoryPaths repository, DemoSettings settings)
    {
        var page = Provider(repository.DemoPage);
        var client = Provider(repository.ClientSource);
        var types = new FileExtensionContentTypeProvider();
        types.Mappings[".js"] = "text/javascript; charset=utf-8";
        types.Mappings[".mjs"] = "text/javascript; charset=utf-8";
        types.Mappings[".ts"] = "text/plain; charset=utf-8";

        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = page });
        app.UseStaticFiles(new StaticFileOptions { FileProvider = page, ContentTypeProvider = types, OnPrepareResponse = NoCache });
        app.UseStaticFiles(new StaticFileOptions { FileProvider = client, RequestPath = "/client", ContentTypeProvider = types, OnPrepareResponse = NoCache });

        // What the page needs to know about this stack. The publisher API key is handed to the browser ONLY because this
        // is the local development stack with its well-known local key: never expose a real publisher key to a page.
        app.MapGet(ConfigPath, () => Results.Json(settings, DemoJsonContext.Default.DemoSettings));
    }

    private static IFileProvider Provider(string folder) =>
        Directory.Exists(folder) ? new PhysicalFileProvider(folder) : new NullFileProvider();

    private static void NoCache(StaticFileResponseContext context) =>
        context.Context.Response.Headers[HeaderNames.CacheControl] = "no-cache";
}

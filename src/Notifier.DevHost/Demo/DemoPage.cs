using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;
using Microsoft.Net.Http.Headers;
using Notifier.DevHost.Startup;

namespace Notifier.DevHost.Demo;

/// <summary>
/// Serves the demo page at <c>/</c>, the client library's ES modules at <c>/client/</c> (the repository's
/// <c>client/src</c>) and the browser build of <c>@microsoft/signalr</c> at <c>/lib/signalr/</c> (from
/// <c>node_modules</c>), ahead of the function app's own endpoints, straight from the working tree so edits show on reload.
/// </summary>
internal static class DemoPage
{
    public const string ConfigPath = "/demo/config.json";

    /// <summary>Where the page finds <c>signalr.min.js</c>, which it loads only when negotiate says the app runs SignalR.</summary>
    public const string SignalRPath = "/lib/signalr";

    public static void Map(WebApplication app, RepositoryPaths repository, DemoSettings settings)
    {
        var page = Provider(repository.DemoPage);
        var client = Provider(repository.ClientSource);
        var signalR = Provider(repository.SignalRBrowserBuild);
        var types = new FileExtensionContentTypeProvider();
        types.Mappings[".js"] = "text/javascript; charset=utf-8";
        types.Mappings[".mjs"] = "text/javascript; charset=utf-8";
        types.Mappings[".ts"] = "text/plain; charset=utf-8";
        types.Mappings[".map"] = "application/json";

        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = page });
        app.UseStaticFiles(new StaticFileOptions { FileProvider = page, ContentTypeProvider = types, OnPrepareResponse = NoCache });
        app.UseStaticFiles(new StaticFileOptions { FileProvider = client, RequestPath = "/client", ContentTypeProvider = types, OnPrepareResponse = NoCache });
        app.UseStaticFiles(new StaticFileOptions { FileProvider = signalR, RequestPath = SignalRPath, ContentTypeProvider = types, OnPrepareResponse = NoCache });

        // What the page needs to know about this stack. The publisher API key is handed to the browser ONLY because this
        // is the local development stack with its well-known local key: never expose a real publisher key to a page.
        app.MapGet(ConfigPath, () => Results.Json(settings, DemoJsonContext.Default.DemoSettings));
    }

    private static IFileProvider Provider(string folder) =>
        Directory.Exists(folder) ? new PhysicalFileProvider(folder) : new NullFileProvider();

    private static void NoCache(StaticFileResponseContext context) =>
        context.Context.Response.Headers[HeaderNames.CacheControl] = "no-cache";
}

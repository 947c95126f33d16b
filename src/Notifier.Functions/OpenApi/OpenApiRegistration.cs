namespace Notifier.Functions.OpenApi;

/// <summary>
/// The OpenAPI document of the public routes at <c>GET /api/openapi.json</c>. Microsoft.AspNetCore.OpenApi generates it
/// from the endpoints' signatures and metadata when <see cref="GenerateSetting"/> is true (the tests, and
/// <c>./scripts/openapi</c>, which commits the result as docs/openapi.json). Otherwise the app serves that committed
/// copy, embedded at build: the generator, ApiExplorer and MVC's core would otherwise load with every cold start, and a
/// test keeps the copy equal to what the generator makes.
/// </summary>
internal static class OpenApiRegistration
{
    public const string Route = "/api/openapi.json";

    /// <summary>Configuration key: <c>true</c> generates the document from the endpoints instead of serving the committed copy.</summary>
    public const string GenerateSetting = "Notifier:OpenApi:Generate";

    public static IServiceCollection AddApiDocument(this IServiceCollection services, IConfiguration configuration) =>
        Generates(configuration) ? DocumentGenerator.Add(services) : services;

    public static IEndpointRouteBuilder MapApiDocument(this IEndpointRouteBuilder app)
    {
        if (Generates(app.ServiceProvider.GetRequiredService<IConfiguration>()))
        {
            DocumentGenerator.Map(app, Route);
        }
        else
        {
            app.MapGet(Route, () => Results.Bytes(CommittedDocument.Bytes, "application/json")).AllowAnonymous();
        }

        return app;
    }

    private static bool Generates(IConfiguration configuration) =>
        bool.TryParse(configuration[GenerateSetting], out var generate) && generate;
}

namespace Notifier.Functions.Http;

/// <summary>Registers what every route's answers share.</summary>
internal static class HttpRegistration
{
    public static IServiceCollection AddHttpAnswers(this IServiceCollection services) =>
        services.ConfigureHttpJsonOptions(options => options.SerializerOptions.TypeInfoResolverChain.Insert(0, HttpJsonContext.Default));

    /// <summary>Answers unreachable dependencies with 503 and other failures with 500, as problem details.</summary>
    public static IApplicationBuilder UseProblemAnswers(this IApplicationBuilder app) => app.UseMiddleware<UnavailableMiddleware>();
}

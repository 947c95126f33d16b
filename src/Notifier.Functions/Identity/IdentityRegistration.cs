using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Notifier.Functions.Runtime;

namespace Notifier.Functions.Identity;

/// <summary>
/// Registers who callers are: the authentication schemes, the <see cref="NotifierPolicies"/> route groups require, the
/// topic groups users may read, and their options.
/// </summary>
internal static class IdentityRegistration
{
    public static IServiceCollection AddIdentity(this IServiceCollection services, IConfiguration configuration, HostingFacts hosting)
    {
        services.AddSingleton<IValidateOptions<UsersOptions>, UsersOptionsValidator>();
        services.AddOptions<UsersOptions>().Bind(configuration.GetSection(UsersOptions.Section)).ValidateOnStart();
        services.AddOptions<PublishersOptions>().Bind(configuration.GetSection(PublishersOptions.Section)).ValidateOnStart();
        services.AddOptions<List<TopicRule>>().Bind(configuration.GetSection(TopicRule.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<UsersOptions>>(new DelegateValidator<UsersOptions>(options => OptionsValidation.Users(options, hosting)));
        services.AddSingleton<IValidateOptions<PublishersOptions>>(new DelegateValidator<PublishersOptions>(OptionsValidation.Publishers));
        services.AddSingleton<IValidateOptions<List<TopicRule>>>(new DelegateValidator<List<TopicRule>>(OptionsValidation.Topics));

        services.AddSingleton<CallerSchemes>();
        services.AddSingleton<ApiKeyRing>();
        services.AddSingleton<TopicPolicy>();
        services.AddSchemes(configuration, hosting);
        services.AddAuthorization(options =>
        {
            options.AddPolicy(NotifierPolicies.User, policy => policy.AddAuthenticationSchemes(NotifierSchemes.User).RequireAuthenticatedUser());
        });
        services.AddOptions<AuthorizationOptions>().Configure<IOptions<PublishersOptions>>((options, publishers) =>
            options.AddPolicy(NotifierPolicies.Publisher, policy => policy.AddAuthenticationSchemes(NotifierSchemes.Publisher)
                .RequireAuthenticatedUser()
                .AddRequirements(new PublisherRoleRequirement(publishers.Value.AppRole))));
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, UnauthorizedResultHandler>();
        return services;
    }

    private static void AddSchemes(this IServiceCollection services, IConfiguration configuration, HostingFacts hosting)
    {
        // No default scheme: a route authenticates only through its group's policy. Not AddAuthentication(): it also
        // registers Data Protection, whose hosted service reads (or on a fresh instance creates and writes) a key ring at
        // start, which no scheme here uses (no cookies, no remote sign-in) and every cold start would pay for.
        services.AddAuthenticationCore();
        services.AddWebEncoders();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IAuthenticationConfigurationProvider>(new SchemeConfiguration(configuration.GetSection(SchemeConfiguration.Section)));
        var builder = new AuthenticationBuilder(services)
            .AddPolicyScheme(NotifierSchemes.User, displayName: null, options =>
                options.ForwardDefaultSelector = context => context.RequestServices.GetRequiredService<CallerSchemes>().ForUser(context))
            .AddPolicyScheme(NotifierSchemes.Publisher, displayName: null, options =>
                options.ForwardDefaultSelector = context => context.RequestServices.GetRequiredService<CallerSchemes>().ForPublisher(context))
            .AddJwtBearer(NotifierSchemes.UserBearer, _ => { })
            .AddJwtBearer(NotifierSchemes.PublisherBearer, _ => { })
            .AddScheme<AuthenticationSchemeOptions, AppServiceHandler>(NotifierSchemes.AppService, _ => { })
            .AddScheme<AuthenticationSchemeOptions, ApiKeyHandler>(NotifierSchemes.ApiKey, _ => { })
            .AddScheme<AuthenticationSchemeOptions, FunctionsHostHandler>(NotifierSchemes.FunctionsHost, _ => { });
        if (hosting.IsDevelopment)
        {
            builder.AddScheme<AuthenticationSchemeOptions, DevelopmentHandler>(NotifierSchemes.Development, _ => { });
        }

        services.AddOptions<JwtBearerOptions>(NotifierSchemes.UserBearer).Configure<IOptions<UsersOptions>>((jwt, users) => BearerSetup.ForUsers(jwt, users.Value));
        services.AddOptions<JwtBearerOptions>(NotifierSchemes.PublisherBearer).Configure<IOptions<PublishersOptions>>((jwt, publishers) => BearerSetup.ForPublishers(jwt, publishers.Value));
    }
}

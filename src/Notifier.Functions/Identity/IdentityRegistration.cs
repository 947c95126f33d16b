using Microsoft.Extensions.Options;
using Notifier.Functions.Runtime;

namespace Notifier.Functions.Identity;

/// <summary>Registers who callers are: users, publishers and the topic groups users may read, with their options.</summary>
internal static class IdentityRegistration
{
    public static IServiceCollection AddIdentity(this IServiceCollection services, IConfiguration configuration, HostingFacts hosting)
    {
        services.AddOptions<UsersOptions>().Bind(configuration.GetSection(UsersOptions.Section))
            .ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<PublishersOptions>().Bind(configuration.GetSection(PublishersOptions.Section)).ValidateOnStart();
        services.AddOptions<List<TopicRule>>().Bind(configuration.GetSection(TopicRule.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<UsersOptions>>(new DelegateValidator<UsersOptions>(options => OptionsValidation.Users(options, hosting)));
        services.AddSingleton<IValidateOptions<PublishersOptions>>(new DelegateValidator<PublishersOptions>(OptionsValidation.Publishers));
        services.AddSingleton<IValidateOptions<List<TopicRule>>>(new DelegateValidator<List<TopicRule>>(OptionsValidation.Topics));

        services.AddSingleton<UserAuthenticator>();
        services.AddSingleton<PublisherAuthenticator>();
        services.AddSingleton<TopicPolicy>();
        return services;
    }
}

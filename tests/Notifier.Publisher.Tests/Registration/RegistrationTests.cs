using Microsoft.Extensions.Azure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Notifier.Publisher.Tests.Infrastructure;
using Notifier.Testing.Functions;

namespace Notifier.Publisher.Tests.Registration;

/// <summary><c>services.AddAzureClients(b =&gt; b.AddNotificationPublisher(section))</c>: a client built from configuration, options bound from it, and a clear error for a missing setting.</summary>
[Collection(StackCollectionDefinition.Name)]
public sealed class RegistrationTests(StackFixture fixture)
{
    [Fact]
    public async Task A_client_registered_from_configuration_publishes_with_the_bound_key_and_options()
    {
        await using var services = Services(new Dictionary<string, string?>
        {
            ["Notifier:Publisher:Endpoint"] = fixture.Stack.App.Endpoint.AbsoluteUri,
            ["Notifier:Publisher:ApiKey"] = StackSettings.ApiKey,
            ["Notifier:Publisher:KeyHeaders"] = "ApiKey",
            ["Notifier:Publisher:Retry:MaxRetries"] = "0",
        });
        var user = LocalNotifier.NewUser("di");

        var client = services.GetRequiredService<NotificationPublisherClient>();
        var receipt = (await client.PublishAsync(new Notification(NotificationRecipients.ToUsers(user)) { Title = "from DI" })).Value;

        Assert.Equal([receipt.Id], await fixture.Stack.InboxIdsAsync(user));
        Assert.Equal(new Uri(fixture.Stack.App.Endpoint.AbsoluteUri.TrimEnd('/')), client.Endpoint);
    }

    [Fact]
    public async Task Options_come_from_the_same_section()
    {
        // Only the function-key header: the standalone app reads X-Api-Key, so it refuses, which shows the binding took.
        await using var services = Services(new Dictionary<string, string?>
        {
            ["Notifier:Publisher:Endpoint"] = fixture.Stack.App.Endpoint.AbsoluteUri,
            ["Notifier:Publisher:ApiKey"] = StackSettings.ApiKey,
            ["Notifier:Publisher:KeyHeaders"] = "FunctionKey",
        });

        var error = await Assert.ThrowsAsync<NotificationPublishException>(() =>
            services.GetRequiredService<NotificationPublisherClient>().PublishAsync(new Notification(NotificationRecipients.ToUsers("u")) { Title = "x" }));

        Assert.Equal(401, error.Status);
    }

    [Fact]
    public async Task A_missing_endpoint_is_an_error_naming_the_setting()
    {
        await using var services = Services(new Dictionary<string, string?> { ["Notifier:Publisher:ApiKey"] = "k" });

        var error = Assert.Throws<InvalidOperationException>(() => services.GetRequiredService<NotificationPublisherClient>());

        Assert.Contains("Notifier:Publisher:Endpoint", error.Message, StringComparison.Ordinal);
    }

    private static ServiceProvider Services(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddAzureClients(builder => builder.AddNotificationPublisher(configuration.GetSection("Notifier:Publisher")));
        return services.BuildServiceProvider();
    }
}

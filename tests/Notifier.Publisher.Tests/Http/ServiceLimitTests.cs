using Notifier.Publisher.Tests.Infrastructure;
using Notifier.Testing.Azurite;

namespace Notifier.Publisher.Tests.Http;

/// <summary>Refusals only the service can make, with stacks configured for them: a 400 from a limit set on the server, and a 429.</summary>
[Collection(StackCollectionDefinition.Name)]
public sealed class ServiceLimitTests(StackFixture fixture)
{
    private AzuriteFixture Azurite => fixture.Azurite;

    [Fact]
    public async Task A_400_from_the_service_carries_its_field_errors()
    {
        // The app allows one hour at most; the client checks the documented default (30 days), so only the server refuses.
        await using var stack = await LocalNotifier.StartAsync(Azurite, new Dictionary<string, string?> { ["Notifier:Limits:MaxTtl"] = "01:00:00", ["Notifier:Limits:DefaultTtl"] = "00:30:00" });
        var user = LocalNotifier.NewUser("ttl");

        var error = await Assert.ThrowsAsync<NotificationPublishException>(() =>
            stack.CreateClient().PublishAsync(new Notification(NotificationRecipients.ToUsers(user)) { Title = "x", TtlSeconds = 7200 }));

        Assert.Equal(400, error.Status);
        var field = Assert.Single(error.Errors);
        Assert.Equal("ttlSeconds", field.Field);
        Assert.Contains("3600", field.Message, StringComparison.Ordinal);
        Assert.Contains("ttlSeconds", error.Message, StringComparison.Ordinal);
        Assert.Empty(await stack.InboxIdsAsync(user));
    }

    [Fact]
    public async Task A_429_surfaces_with_Retry_After_when_retries_are_off_and_is_waited_out_when_they_are_on()
    {
        // A bucket of 100 refilled at 20 a second: a notification to 100 users empties it, and the bucket is not full
        // again for 5 s, longer than storing the first takes.
        await using var stack = await LocalNotifier.StartAsync(Azurite, new Dictionary<string, string?>
        {
            ["Notifier:RateLimits:PublisherPerSecond"] = "20",
            ["Notifier:RateLimits:PublisherBurst"] = "100",
        });
        var users = Enumerable.Range(0, 100).Select(i => $"rate-{i}-{Guid.NewGuid():N}"[..24]).ToArray();
        var noRetries = new NotificationPublisherClientOptions();
        noRetries.Retry.MaxRetries = 0;
        var impatient = stack.CreateClient(noRetries);
        await impatient.PublishAsync(new Notification(NotificationRecipients.ToUsers(users)) { Title = "first" });

        var second = new Notification(NotificationRecipients.ToUsers(users)) { Title = "second" };
        var error = await Assert.ThrowsAsync<NotificationPublishException>(() => impatient.PublishAsync(second));

        Assert.Equal(429, error.Status);
        Assert.True(error.RetryAfter >= TimeSpan.FromSeconds(1), $"Retry-After was {error.RetryAfter}");

        // The same object through a client that retries: it waits as told, and then the service takes it.
        var receipt = (await stack.CreateClient().PublishAsync(second)).Value;
        Assert.Equal(second.Id, receipt.Id);
        Assert.False(receipt.IsReplay);
    }
}

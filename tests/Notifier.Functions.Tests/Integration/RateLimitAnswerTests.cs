using System.Net;
using Notifier.Functions.Tests.Infrastructure;
using Notifier.Testing.Azurite;

namespace Notifier.Functions.Tests.Integration;

/// <summary>The rate-limiting middleware's refusals: the same 429 problem with <c>Retry-After</c> as a publish over its rate gets.</summary>
[Collection(AzuriteCollectionDefinition.Name)]
public sealed class RateLimitAnswerTests
{
    private readonly AzuriteFixture _azurite;

    public RateLimitAnswerTests(AzuriteFixture azurite)
    {
        _azurite = azurite;
    }

    [Fact]
    public async Task A_user_over_their_rate_gets_a_429_problem_with_retry_after()
    {
        await using var stack = await NotifierEnvironment.StartAsync(_azurite, new Dictionary<string, string?>
        {
            ["Notifier:RateLimits:UserPerSecond"] = "1",
            ["Notifier:RateLimits:UserBurst"] = "2",
        });
        var user = NotifierClient.NewUser("hasty");

        // A permit a second refills while requests run, so ask until the bucket is empty rather than a fixed number of times.
        for (var i = 0; i < 20; i++)
        {
            using var request = NotifierClient.UserRequest(HttpMethod.Get, "api/inbox/unread-count", user);
            using var response = await stack.App.Http.SendAsync(request);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                continue;
            }

            var problem = await BadInputTests.AssertProblemAsync(response, HttpStatusCode.TooManyRequests, field: null);
            Assert.True(response.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1));
            Assert.StartsWith("Slow down; retry after ", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
            return;
        }

        Assert.Fail("Twenty requests at one permit a second were all allowed.");
    }
}

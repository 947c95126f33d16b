using Notifier.Browser.Tests.Infrastructure;

namespace Notifier.Browser.Tests;

/// <summary>The <see cref="DemoPageTests"/> against the local stack on WebPubSub.</summary>
[Collection(WebPubSubStackCollectionDefinition.Name)]
public sealed class DemoPageOnWebPubSubTests : DemoPageTests
{
    public DemoPageOnWebPubSubTests(WebPubSubStackFixture fixture)
        : base(fixture)
    {
    }
}

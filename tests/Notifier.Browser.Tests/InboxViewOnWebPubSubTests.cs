using Notifier.Browser.Tests.Infrastructure;

namespace Notifier.Browser.Tests;

/// <summary>The <see cref="InboxViewTests"/> against the local stack on WebPubSub.</summary>
[Collection(WebPubSubStackCollectionDefinition.Name)]
public sealed class InboxViewOnWebPubSubTests : InboxViewTests
{
    public InboxViewOnWebPubSubTests(WebPubSubStackFixture fixture)
        : base(fixture)
    {
    }
}

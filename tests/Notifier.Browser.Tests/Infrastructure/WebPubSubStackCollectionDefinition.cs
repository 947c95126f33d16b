namespace Notifier.Browser.Tests.Infrastructure;

[CollectionDefinition(Name)]
public sealed class WebPubSubStackCollectionDefinition : ICollectionFixture<WebPubSubStackFixture>
{
    public const string Name = "Local stack on Web PubSub";
}

namespace Notifier.Browser.Tests.Infrastructure;

/// <summary>The local stack with the Web PubSub transport (the default): the page uses <c>NotifierClient</c>.</summary>
public sealed class WebPubSubStackFixture : StackFixture
{
    public WebPubSubStackFixture()
        : base("WebPubSub")
    {
    }
}

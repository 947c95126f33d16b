namespace Notifier.Browser.Tests.Infrastructure;

[CollectionDefinition(Name)]
public sealed class SignalRStackCollectionDefinition : ICollectionFixture<SignalRStackFixture>
{
    public const string Name = "Local stack on SignalR";
}

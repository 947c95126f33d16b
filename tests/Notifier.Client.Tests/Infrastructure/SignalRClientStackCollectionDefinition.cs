namespace Notifier.Client.Tests.Infrastructure;

[CollectionDefinition(Name)]
public sealed class SignalRClientStackCollectionDefinition : ICollectionFixture<SignalRClientStackFixture>
{
    public const string Name = "SignalR client stack";
}

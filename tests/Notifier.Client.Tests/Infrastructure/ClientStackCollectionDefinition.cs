namespace Notifier.Client.Tests.Infrastructure;

/// <summary>The client scenarios share one stack and run one at a time.</summary>
[CollectionDefinition(Name)]
public sealed class ClientStackCollectionDefinition : ICollectionFixture<ClientStackFixture>
{
    public const string Name = "Client stack";
}

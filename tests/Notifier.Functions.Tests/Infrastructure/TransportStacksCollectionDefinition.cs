namespace Notifier.Functions.Tests.Infrastructure;

[CollectionDefinition(Name)]
public sealed class TransportStacksCollectionDefinition : ICollectionFixture<TransportStacksFixture>
{
    public const string Name = "Transport stacks";
}

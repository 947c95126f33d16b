namespace Notifier.Publisher.Tests.Infrastructure;

[CollectionDefinition(Name)]
public sealed class StackCollectionDefinition : ICollectionFixture<StackFixture>
{
    public const string Name = "Publisher stack";
}

using Notifier.Testing.Azurite;

namespace Notifier.Functions.Tests.Infrastructure;

/// <summary>Tests that start their own function apps (other settings, a manual clock) against one shared Azurite.</summary>
[CollectionDefinition(Name)]
public sealed class AzuriteCollectionDefinition : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "Azurite";
}

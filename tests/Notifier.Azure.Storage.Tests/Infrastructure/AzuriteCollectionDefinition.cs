using Notifier.Testing.Azurite;

namespace Notifier.Azure.Storage.Tests.Infrastructure;

/// <summary>All Azurite-backed tests share one Azurite process and run one class at a time.</summary>
[CollectionDefinition(Name)]
public sealed class AzuriteCollectionDefinition : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "Azurite";
}

namespace Notifier.Testing.Azurite;

/// <summary>An Azurite whose data survives <see cref="AzuriteFixture.StopAsync"/> and a restart, for outage tests.</summary>
public sealed class PersistentAzuriteFixture : AzuriteFixture
{
    public PersistentAzuriteFixture()
        : base(persistData: true)
    {
    }
}

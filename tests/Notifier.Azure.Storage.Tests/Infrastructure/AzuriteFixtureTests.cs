using Azure;
using Notifier.Azure.Storage.Queues;
using Notifier.Azure.Storage.Tables;
using Notifier.Testing.Azurite;

namespace Notifier.Azure.Storage.Tests.Infrastructure;

/// <summary>Stop/restart behaviour that fault tests rely on, on an Azurite of its own so other tests are unaffected.</summary>
public sealed class AzuriteFixtureTests(AzuriteFixtureTests.PersistentAzurite azurite) : IClassFixture<AzuriteFixtureTests.PersistentAzurite>
{
    [Fact]
    public async Task StopThenStart_SamePortsAndPersistedData_ClientsKeepWorking()
    {
        var options = new StorageQueueClientOptions();
        options.Retry.MaxRetries = 0;
        var queue = new StorageQueueClient(azurite.ConnectionString, UniqueNames.Queue(), options);
        var table = new TableStorageClient(azurite.ConnectionString, UniqueNames.Table());
        await queue.CreateIfNotExistsAsync();
        await table.CreateIfNotExistsAsync();
        await queue.SendMessageAsync("before");
        await table.AddEntityAsync(new TableEntityRecord("p", "r"));
        var ports = (azurite.QueuePort, azurite.TablePort, azurite.BlobPort);

        await azurite.StopAsync();
        var whileDown = await Assert.ThrowsAsync<RequestFailedException>(() => queue.SendMessageAsync("during"));
        var wasRunning = azurite.IsRunning;
        await azurite.StartAsync();

        Assert.False(wasRunning);
        Assert.Equal(0, whileDown.Status);
        Assert.True(azurite.IsRunning);
        Assert.Equal(ports, (azurite.QueuePort, azurite.TablePort, azurite.BlobPort));
        Assert.Equal("before", Assert.Single((await queue.ReceiveMessagesAsync()).Value).MessageText);
        Assert.True((await table.GetEntityIfExistsAsync("p", "r")).HasValue);
    }

    [Fact]
    public async Task Restart_WhileRunning_ComesBack()
    {
        await azurite.RestartAsync();

        Assert.True(azurite.IsRunning);
        Assert.Contains("successfully listening", azurite.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Kill_ThenStart_ComesBackOnSamePorts()
    {
        var port = azurite.TablePort;

        await azurite.KillAsync();
        var wasRunning = azurite.IsRunning;
        await azurite.StartAsync();
        var table = new TableStorageClient(azurite.ConnectionString, UniqueNames.Table());

        Assert.False(wasRunning);
        Assert.Equal(port, azurite.TablePort);
        Assert.True((await table.CreateIfNotExistsAsync()).Value);
    }

    public sealed class PersistentAzurite() : AzuriteFixture(persistData: true);
}

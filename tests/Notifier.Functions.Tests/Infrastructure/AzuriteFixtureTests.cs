using Azure;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using Notifier.DevHost.QueueTriggers;
using Notifier.Testing.Azurite;

namespace Notifier.Functions.Tests.Infrastructure;

/// <summary>
/// Stop/restart behaviour that the outage tests rely on, on an Azurite of its own so other tests are unaffected.
/// (Moved here from the storage client tests when those clients gave way to the Azure SDK.)
/// </summary>
public sealed class AzuriteFixtureTests(PersistentAzuriteFixture azurite) : IClassFixture<PersistentAzuriteFixture>
{
    [Fact]
    public async Task StopThenStart_SamePortsAndPersistedData_ClientsKeepWorking()
    {
        var options = HostQueueClients.CreateOptions();
        options.Retry.MaxRetries = 0;
        var queue = new QueueClient(azurite.ConnectionString, "q-" + Guid.NewGuid().ToString("N")[..20], options);
        var table = new TableServiceClient(azurite.ConnectionString).GetTableClient("t" + Guid.NewGuid().ToString("N")[..20]);
        await queue.CreateIfNotExistsAsync();
        await table.CreateIfNotExistsAsync();
        await queue.SendMessageAsync("before");
        await table.AddEntityAsync(new TableEntity("p", "r"));
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
        Assert.True((await table.GetEntityIfExistsAsync<TableEntity>("p", "r")).HasValue);
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
        var table = new TableServiceClient(azurite.ConnectionString).GetTableClient("t" + Guid.NewGuid().ToString("N")[..20]);

        Assert.False(wasRunning);
        Assert.Equal(port, azurite.TablePort);

        // The SDK's CreateIfNotExists answers a table that already existed with no value: this one was created.
        Assert.NotNull((await table.CreateIfNotExistsAsync()).Value);
    }
}

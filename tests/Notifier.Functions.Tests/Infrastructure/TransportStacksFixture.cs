using Notifier.Testing.Azurite;

namespace Notifier.Functions.Tests.Infrastructure;

/// <summary>One stack per transport on one Azurite, for the tests that run once per transport.</summary>
public sealed class TransportStacksFixture : IAsyncLifetime
{
    private readonly AzuriteFixture _azurite = new();
    private readonly Dictionary<string, NotifierEnvironment> _stacks = new(StringComparer.Ordinal);

    public AzuriteFixture Azurite => _azurite;

    public NotifierEnvironment this[string transport] => _stacks[transport];

    public async Task InitializeAsync()
    {
        await _azurite.InitializeAsync();
        foreach (var transport in new[] { Transports.WebPubSub, Transports.SignalR })
        {
            _stacks[transport] = await NotifierEnvironment.StartAsync(_azurite, transport: transport);
        }
    }

    public async Task DisposeAsync()
    {
        foreach (var stack in _stacks.Values)
        {
            await stack.DisposeAsync();
        }

        await _azurite.DisposeAsync();
    }
}


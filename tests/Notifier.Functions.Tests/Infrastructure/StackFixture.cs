using Notifier.Testing.Azurite;

namespace Notifier.Functions.Tests.Infrastructure;

/// <summary>
/// The stacks shared by the tests of the <see cref="StackCollectionDefinition"/>, one per transport on one Azurite:
/// <see cref="Stack"/> is the default (Web PubSub), and <c>this[transport]</c> serves the theories that run once per
/// transport. Tests use fresh user and notification ids, so they do not interfere.
/// </summary>
public sealed class StackFixture : IAsyncLifetime
{
    private readonly AzuriteFixture _azurite = new();
    private readonly Dictionary<string, NotifierEnvironment> _stacks = new(StringComparer.Ordinal);

    public NotifierEnvironment Stack => this[Transports.WebPubSub];

    public NotifierEnvironment this[string transport] =>
        _stacks.TryGetValue(transport, out var stack) ? stack : throw new InvalidOperationException("The stack has not started.");

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

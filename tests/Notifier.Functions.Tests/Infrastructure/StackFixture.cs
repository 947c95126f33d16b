using Notifier.Testing.Azurite;

namespace Notifier.Functions.Tests.Infrastructure;

/// <summary>One stack shared by the tests of the <see cref="StackCollectionDefinition"/>; tests use fresh user and notification ids, so they do not interfere.</summary>
public sealed class StackFixture : IAsyncLifetime
{
    private readonly AzuriteFixture _azurite = new();
    private NotifierEnvironment? _stack;

    public NotifierEnvironment Stack => _stack ?? throw new InvalidOperationException("The stack has not started.");

    public async Task InitializeAsync()
    {
        await _azurite.InitializeAsync();
        _stack = await NotifierEnvironment.StartAsync(_azurite);
    }

    public async Task DisposeAsync()
    {
        if (_stack is not null)
        {
            await _stack.DisposeAsync();
        }

        await _azurite.DisposeAsync();
    }
}

using Notifier.Testing.Azurite;

namespace Notifier.Publisher.Tests.Infrastructure;

/// <summary>One Azurite and one stack for the tests of <see cref="StackCollectionDefinition"/>; tests use fresh users and ids, so they do not interfere.</summary>
public sealed class StackFixture : IAsyncLifetime
{
    private LocalNotifier? _stack;

    public AzuriteFixture Azurite { get; } = new();

    public LocalNotifier Stack => _stack ?? throw new InvalidOperationException("The stack has not started.");

    public async Task InitializeAsync()
    {
        await Azurite.InitializeAsync();
        _stack = await LocalNotifier.StartAsync(Azurite);
    }

    public async Task DisposeAsync()
    {
        if (_stack is not null)
        {
            await _stack.DisposeAsync();
        }

        await Azurite.DisposeAsync();
    }
}

using Notifier.Browser.Tests.Infrastructure;

namespace Notifier.Browser.Tests;

/// <summary>The <see cref="DemoPageTests"/> against the local stack on SignalR.</summary>
[Collection(SignalRStackCollectionDefinition.Name)]
public sealed class DemoPageOnSignalRTests : DemoPageTests
{
    public DemoPageOnSignalRTests(SignalRStackFixture fixture)
        : base(fixture)
    {
    }
}

using Notifier.Browser.Tests.Infrastructure;

namespace Notifier.Browser.Tests;

/// <summary>The <see cref="InboxViewTests"/> against the local stack on SignalR.</summary>
[Collection(SignalRStackCollectionDefinition.Name)]
public sealed class InboxViewOnSignalRTests : InboxViewTests
{
    public InboxViewOnSignalRTests(SignalRStackFixture fixture)
        : base(fixture)
    {
    }
}

using Notifier.Azure.WebPubSub.Protocol;
using Notifier.Emulator.DataPlane.Filtering;

namespace Notifier.Emulator.Tests.DataPlane.Filtering;

internal sealed class FakeSubject : IFilterSubject
{
    public string ConnectionId { get; init; } = "c1";

    public string? UserId { get; init; } = "Alice";

    public string? Protocol { get; init; } = WebPubSubSubprotocols.Json;

    public HashSet<string> Groups { get; init; } = new(StringComparer.Ordinal) { "g1", "g.2", "it's" };

    public int GroupCount => Groups.Count;

    public bool IsInGroup(string group) => Groups.Contains(group);
}

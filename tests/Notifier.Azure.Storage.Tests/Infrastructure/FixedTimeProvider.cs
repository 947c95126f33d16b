namespace Notifier.Azure.Storage.Tests.Infrastructure;

/// <summary>A clock that stands still until a test moves it.</summary>
internal sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}

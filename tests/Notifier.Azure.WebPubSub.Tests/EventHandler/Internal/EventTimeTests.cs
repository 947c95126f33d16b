using Notifier.Azure.WebPubSub.EventHandler.Internal;

namespace Notifier.Azure.WebPubSub.Tests.EventHandler.Internal;

public sealed class EventTimeTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(5);

    [Theory]
    [InlineData("2026-03-01T12:00:00Z")]
    [InlineData("2026-03-01T11:55:00Z")]
    [InlineData("2026-03-01T12:05:00.000Z")]
    [InlineData("2026-03-01T13:04:59+01:00")]
    [InlineData("2026-03-01T12:01:00")]
    public void Times_within_the_window_pass(string value)
    {
        Assert.True(EventTime.IsWithinWindow(value, Now, Window, out _));
    }

    [Theory]
    [InlineData("2026-03-01T11:54:59.999Z")]
    [InlineData("2026-03-01T12:05:00.001Z")]
    [InlineData("2026-03-01T12:00:00+01:00")]
    [InlineData("2025-03-01T12:00:00Z")]
    [InlineData("soon")]
    [InlineData("")]
    [InlineData(null)]
    public void Times_outside_the_window_or_unreadable_are_refused(string? value)
    {
        Assert.False(EventTime.IsWithinWindow(value, Now, Window, out var error));
        Assert.Equal(400, error.StatusCode);
        Assert.Contains("ce-time", error.Message, StringComparison.Ordinal);
    }
}

using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Notifier.DevHost.Tests.QueueTriggers;
using Notifier.DevHost.TimerTriggers;
using Notifier.Testing.Azurite;

namespace Notifier.DevHost.Tests.TimerTriggers;

/// <summary>The local stand-in for the host's timer trigger: schedules, the function.json it reads, and the invocation it posts.</summary>
public sealed class TimerTriggerTests
{
    private static readonly DateTimeOffset Monday = new(2026, 1, 5, 10, 2, 30, TimeSpan.Zero);

    [Theory]
    [InlineData("0 */5 * * * *", "2026-01-05T10:05:00Z")]
    [InlineData("*/5 * * * *", "2026-01-05T10:05:00Z")]
    [InlineData("30 2 10 * * *", "2026-01-06T10:02:30Z")]
    [InlineData("0 30 9 * * 1-5", "2026-01-06T09:30:00Z")]
    [InlineData("0 0 0 1 2 *", "2026-02-01T00:00:00Z")]
    [InlineData("15,45 * * * * *", "2026-01-05T10:02:45Z")]
    public void A_schedule_fires_at_its_next_occurrence(string schedule, string expected)
    {
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), NcrontabSchedule.Parse(schedule).Next(Monday));
    }

    [Theory]
    [InlineData("* * * *")]
    [InlineData("61 * * * * *")]
    [InlineData("0 */0 * * * *")]
    [InlineData("0 0 0 * JAN *")]
    public void A_malformed_schedule_is_refused(string schedule)
    {
        Assert.Throws<FormatException>(() => NcrontabSchedule.Parse(schedule));
    }

    [Fact]
    public void The_clean_up_function_is_found_with_its_schedule()
    {
        var timers = TimerFunction.ReadAll(Path.Combine(RepositoryRoot.Path, "src", "Notifier.Functions", "Functions"));

        var cleanup = Assert.Single(timers);
        Assert.Equal(("cleanup", "timer", false), (cleanup.Name, cleanup.BindingName, cleanup.RunOnStartup));
        Assert.Equal(new DateTimeOffset(2026, 1, 5, 10, 5, 0, TimeSpan.Zero), cleanup.Schedule.Next(Monday));
    }

    [Fact]
    public async Task Each_occurrence_posts_the_hosts_timer_invocation_without_overlap()
    {
        var clock = new FakeTimeProvider(Monday);
        var handler = new StubFunctionHandler();
        using var http = new HttpClient(handler) { BaseAddress = new Uri("http://127.0.0.1:1/") };
        var runner = new TimerTriggerRunner(new TimerFunction("cleanup", "timer", NcrontabSchedule.Parse("0 */5 * * * *"), RunOnStartup: false), http, clock, NullLogger.Instance);
        using var stop = new CancellationTokenSource();

        var running = runner.RunAsync(stop.Token);
        Assert.Empty(handler.Received);
        clock.Advance(TimeSpan.FromMinutes(3));
        var first = await WaitForAsync(handler, 1);
        clock.Advance(TimeSpan.FromMinutes(5));
        var second = await WaitForAsync(handler, 2);
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);

        Assert.Equal(("/cleanup", true), (first.Path, first.InvocationId is not null));
        using var body = JsonDocument.Parse(second.Body);
        var timer = body.RootElement.GetProperty("Data").GetProperty("timer");
        Assert.False(timer.GetProperty("IsPastDue").GetBoolean());
        Assert.True(timer.GetProperty("Schedule").GetProperty("AdjustForDST").GetBoolean());
        Assert.Equal(new DateTimeOffset(2026, 1, 5, 10, 10, 0, TimeSpan.Zero), timer.GetProperty("ScheduleStatus").GetProperty("Next").GetDateTimeOffset());
        Assert.Equal(Monday + TimeSpan.FromMinutes(3), timer.GetProperty("ScheduleStatus").GetProperty("Last").GetDateTimeOffset());
        Assert.Equal("cleanup", body.RootElement.GetProperty("Metadata").GetProperty("sys").GetProperty("MethodName").GetString());
    }

    private static async Task<ReceivedInvocation> WaitForAsync(StubFunctionHandler handler, int count)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (handler.Received.Count < count)
        {
            await Task.Delay(10, timeout.Token);
        }

        return handler.Received.ElementAt(count - 1);
    }
}

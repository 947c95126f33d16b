using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Notifier.Core.Envelopes;
using Notifier.Core.Identifiers;
using Notifier.Core.Notifications;
using Notifier.Core.Publishing;
using Notifier.Core.Tests.Fakes;
using Notifier.Testing.Time;

namespace Notifier.Core.Tests.Publishing;

/// <summary>A <see cref="PublishPipeline"/> over in-memory records and inboxes, a recording pusher and a clock the test moves.</summary>
public abstract class PipelineTestBase
{
    /// <summary>When every test's clock starts.</summary>
    protected static readonly DateTimeOffset Start = new(2025, 5, 1, 8, 0, 0, TimeSpan.Zero);

    /// <summary>Creates the pipeline and its fakes.</summary>
    protected PipelineTestBase()
    {
        Pipeline = CreatePipeline(new NotificationLimits());
    }

    /// <summary>Gets the clock.</summary>
    protected ManualTimeProvider Clock { get; } = new(Start);

    /// <summary>Gets the notification records.</summary>
    protected InMemoryNotificationRecords Records { get; } = new();

    /// <summary>Gets the inboxes and streams.</summary>
    protected InMemoryInboxStore Inboxes { get; } = new();

    /// <summary>Gets the pusher.</summary>
    protected RecordingPusher Pusher { get; } = new();

    /// <summary>Gets the pipeline under test.</summary>
    protected PublishPipeline Pipeline { get; }

    /// <summary>Creates another pipeline over the same fakes and clock, with other limits.</summary>
    /// <param name="limits">The limits.</param>
    /// <returns>The pipeline.</returns>
    protected PublishPipeline CreatePipeline(NotificationLimits limits)
    {
        var ids = new SortableIdGenerator(Clock);
        return new PublishPipeline(Records, Inboxes, Inboxes.Preferences, Pusher, new EnvelopeWriter(ids, Clock), new NotificationIds(ids), limits, Clock, NullLogger<PublishPipeline>.Instance);
    }

    /// <summary>Parses one valid request.</summary>
    /// <param name="json">The request body.</param>
    /// <returns>The request.</returns>
    protected static NotificationRequest Request(string json) => Assert.Single(Parse(json));

    /// <summary>Parses a valid batch.</summary>
    /// <param name="items">The batch's items, as JSON objects.</param>
    /// <returns>The requests, in order.</returns>
    protected static IReadOnlyList<NotificationRequest> Requests(IEnumerable<string> items) => Parse("[" + string.Join(",", items) + "]");

    private static IReadOnlyList<NotificationRequest> Parse(string json)
    {
        var parsed = new NotificationRequestParser(new NotificationLimits()).Parse(Encoding.UTF8.GetBytes(json));
        Assert.True(parsed.IsValid, string.Join("; ", parsed.Errors.Select(e => $"{e.Field}: {e.Message}")));
        return parsed.Requests;
    }
}

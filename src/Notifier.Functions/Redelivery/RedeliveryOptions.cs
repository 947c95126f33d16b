using System.ComponentModel.DataAnnotations;

namespace Notifier.Functions.Redelivery;

/// <summary>How the <c>redeliver</c> timer finds single-user notifications whose delivery a process left unfinished.</summary>
internal sealed class RedeliveryOptions
{
    public const string Section = "Notifier:Redelivery";

    /// <summary>
    /// Gets or sets how long after acceptance a delivery still counts as under way. A healthy instance delivers within
    /// milliseconds, and a full delivery backlog drains in seconds; older than this, the process that accepted it is
    /// taken to have died or given up.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan Grace { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets or sets the most notifications one run delivers; the next run goes on.</summary>
    [Range(1, 10_000)]
    public int MaxPerRun { get; set; } = 1000;
}

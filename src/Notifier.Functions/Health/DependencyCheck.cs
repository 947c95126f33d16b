using System.Text.Json.Serialization;

namespace Notifier.Functions.Health;

/// <summary>One dependency's answer to a readiness probe.</summary>
/// <param name="Status"><c>healthy</c> or <c>unhealthy</c>.</param>
/// <param name="DurationMs">How long it took, in milliseconds (one decimal).</param>
/// <param name="Error">Why it failed: the exception's type and first line.</param>
internal sealed record DependencyCheck(
    string Status,
    double DurationMs,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Error);

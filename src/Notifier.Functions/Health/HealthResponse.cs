namespace Notifier.Functions.Health;

/// <summary>The answer to <c>GET /api/health</c>: the process answers; nothing else was asked.</summary>
/// <param name="Status">Always <c>healthy</c>.</param>
internal sealed record HealthResponse(string Status);

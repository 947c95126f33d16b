namespace Notifier.Functions.Health;

/// <summary>The answer to <c>GET /api/health/ready</c>: 200 when every dependency answered, else 503.</summary>
/// <param name="Status"><c>healthy</c> or <c>unhealthy</c>.</param>
/// <param name="Checks">Each dependency's answer.</param>
internal sealed record ReadinessResponse(string Status, ReadinessChecks Checks);

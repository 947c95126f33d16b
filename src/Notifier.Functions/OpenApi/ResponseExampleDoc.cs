namespace Notifier.Functions.OpenApi;

/// <summary>What one of the route's answers means, with an example of its body (JSON text).</summary>
internal sealed record ResponseExampleDoc(int Status, string Description, string? Example);

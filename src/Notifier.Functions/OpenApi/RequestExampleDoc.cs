namespace Notifier.Functions.OpenApi;

/// <summary>An example request body (JSON text).</summary>
internal sealed record RequestExampleDoc(string Example);

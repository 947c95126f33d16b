namespace Notifier.Functions.Hosting;

/// <summary>How this process is hosted, decided once at start.</summary>
/// <param name="UnderFunctionsHost">Whether the Azure Functions host started it as its custom handler.</param>
internal sealed record HostingFacts(bool UnderFunctionsHost);

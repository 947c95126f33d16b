namespace Notifier.Functions.OpenApi;

/// <summary>A header of one of the route's answers.</summary>
internal sealed record ResponseHeaderDoc(int Status, string Header, string Description);

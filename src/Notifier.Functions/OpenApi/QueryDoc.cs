namespace Notifier.Functions.OpenApi;

/// <summary>A query parameter the route reads itself.</summary>
internal sealed record QueryDoc(string Name, QueryValueType Type, string Description);

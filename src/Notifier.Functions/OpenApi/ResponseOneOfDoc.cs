namespace Notifier.Functions.OpenApi;

/// <summary>An answer whose body is one of several types.</summary>
internal sealed record ResponseOneOfDoc(int Status, IReadOnlyList<Type> Types);

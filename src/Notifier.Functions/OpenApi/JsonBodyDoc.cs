namespace Notifier.Functions.OpenApi;

/// <summary>A JSON body the route reads itself: one <see cref="Body"/>, or also an array of them.</summary>
internal sealed record JsonBodyDoc(Type Body, string Description, bool OneOrArray);

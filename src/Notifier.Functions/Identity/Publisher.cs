namespace Notifier.Functions.Identity;

/// <summary>An authenticated publisher.</summary>
/// <param name="Name">The API key's name, the app's id, or <c>functions-host</c> when the host checked a function key.</param>
internal sealed record Publisher(string Name);

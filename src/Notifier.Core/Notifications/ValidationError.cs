namespace Notifier.Core.Notifications;

/// <summary>One reason a request was refused, naming the field in JSON-path-like form (<c>to.users[2]</c>).</summary>
/// <param name="Field">The field, or <c>body</c> for the request as a whole.</param>
/// <param name="Message">What is wrong with it.</param>
/// <param name="TooLarge">Whether it is a size limit (413) rather than a malformed value (400).</param>
/// <param name="Item">The index of the batch item it belongs to, or <see langword="null"/> for the body as a whole.</param>
public sealed record ValidationError(string Field, string Message, bool TooLarge = false, int? Item = null);

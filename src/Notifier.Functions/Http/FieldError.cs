namespace Notifier.Functions.Http;

/// <summary>One field's error inside a problem-details body.</summary>
/// <param name="Field">The field.</param>
/// <param name="Message">What is wrong.</param>
internal sealed record FieldError(string Field, string Message);

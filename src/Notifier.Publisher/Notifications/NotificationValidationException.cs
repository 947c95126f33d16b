namespace Notifier.Publisher;

/// <summary>
/// A notification (or batch) breaks one of the service's rules, found before anything was sent. <see cref="Errors"/>
/// names the fields as the service's 400 would.
/// </summary>
public sealed class NotificationValidationException : ArgumentException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="errors">The broken fields.</param>
    public NotificationValidationException(IReadOnlyList<NotificationFieldError> errors)
        : base(Describe(errors))
    {
        Errors = errors;
    }

    /// <summary>Creates an exception with no field errors (for serialisers and mocks).</summary>
    public NotificationValidationException()
        : this([])
    {
    }

    /// <summary>Creates an exception with a message and no field errors.</summary>
    /// <param name="message">The message.</param>
    public NotificationValidationException(string message)
        : base(message)
    {
        Errors = [];
    }

    /// <summary>Creates an exception with a message, an inner exception and no field errors.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public NotificationValidationException(string message, Exception innerException)
        : base(message, innerException)
    {
        Errors = [];
    }

    /// <summary>Gets the broken fields.</summary>
    public IReadOnlyList<NotificationFieldError> Errors { get; }

    private static string Describe(IReadOnlyList<NotificationFieldError> errors) =>
        errors.Count == 0 ? "The notification is not valid." : "The notification is not valid: " + string.Join("; ", errors);
}

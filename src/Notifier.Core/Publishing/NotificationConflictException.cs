namespace Notifier.Core.Publishing;

/// <summary>An id was published before with different content.</summary>
public sealed class NotificationConflictException : Exception
{
    /// <summary>Creates the exception.</summary>
    public NotificationConflictException()
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    public NotificationConflictException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public NotificationConflictException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Gets the id in conflict.</summary>
    public string? NotificationId { get; init; }
}

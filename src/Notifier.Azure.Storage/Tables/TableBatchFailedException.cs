using Azure;

namespace Notifier.Azure.Storage.Tables;

/// <summary>
/// Thrown when an entity group transaction is rejected: nothing in the batch was applied. <see cref="RequestFailedException.Status"/>
/// and <see cref="RequestFailedException.ErrorCode"/> are those of the operation that failed (e.g. 409 <c>EntityAlreadyExists</c>).
/// </summary>
public sealed class TableBatchFailedException : RequestFailedException
{
    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">The message.</param>
    public TableBatchFailedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and inner exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public TableBatchFailedException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception.</summary>
    public TableBatchFailedException()
        : this("The table batch failed.")
    {
    }

    /// <summary>Creates the exception for a failed operation.</summary>
    /// <param name="status">The failed operation's HTTP status.</param>
    /// <param name="errorCode">The service error code.</param>
    /// <param name="message">The message.</param>
    /// <param name="failedOperationIndex">The zero-based index of the failed operation, if the service said.</param>
    /// <param name="failedOperation">The failed operation, if known.</param>
    public TableBatchFailedException(int status, string? errorCode, string message, int? failedOperationIndex, TableBatchOperation? failedOperation)
        : base(status, message, errorCode, null)
    {
        FailedOperationIndex = failedOperationIndex;
        FailedOperation = failedOperation;
    }

    /// <summary>Gets the zero-based index of the operation that failed, when the service reported it.</summary>
    public int? FailedOperationIndex { get; }

    /// <summary>Gets the operation that failed, when known.</summary>
    public TableBatchOperation? FailedOperation { get; }
}

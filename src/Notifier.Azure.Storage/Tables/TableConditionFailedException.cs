using Azure;
using Notifier.Azure.Storage.Core;

namespace Notifier.Azure.Storage.Tables;

/// <summary>
/// Thrown when an update or delete carried an <c>If-Match</c> ETag that no longer matches the stored entity
/// (HTTP 412, error code <c>UpdateConditionNotSatisfied</c>): someone else changed the entity since it was read.
/// </summary>
/// <remarks>
/// It is a <see cref="RequestFailedException"/>, so <c>catch (RequestFailedException e) when (e.Status == 412)</c>
/// also works; catching this type is the specific form. Re-read the entity and retry the change.
/// </remarks>
public sealed class TableConditionFailedException : RequestFailedException
{
    /// <summary>The error code the Table service uses for a failed ETag condition.</summary>
    public const string UpdateConditionNotSatisfied = "UpdateConditionNotSatisfied";

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">The message.</param>
    public TableConditionFailedException(string message)
        : base(412, message, UpdateConditionNotSatisfied, null)
    {
    }

    /// <summary>Creates the exception with a message and inner exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public TableConditionFailedException(string message, Exception? innerException)
        : base(412, message, UpdateConditionNotSatisfied, innerException)
    {
    }

    /// <summary>Creates the exception.</summary>
    public TableConditionFailedException()
        : this("The ETag condition was not satisfied.")
    {
    }

    internal TableConditionFailedException(Response response)
        : base(response, null, StorageErrorParser.Instance)
    {
    }
}

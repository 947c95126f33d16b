namespace Notifier.Azure.SignalR.Protocol;

/// <summary>
/// The <c>x-ms-error-code</c> values of the REST API's 404 answers, which tell "does not exist" from a wrong URL. The
/// Management SDK treats a 404 without the expected code as a failure.
/// </summary>
public static class SignalRErrorCodes
{
    /// <summary>The response header carrying the code.</summary>
    public const string HeaderName = "x-ms-error-code";

    /// <summary>HEAD/GET/DELETE of a connection that is not open.</summary>
    public const string ConnectionNotExisted = "Warning.Connection.NotExisted";

    /// <summary>HEAD/GET of a user without connections.</summary>
    public const string UserNotExisted = "Warning.User.NotExisted";

    /// <summary>HEAD/GET of a group without connections.</summary>
    public const string GroupNotExisted = "Warning.Group.NotExisted";

    /// <summary>HEAD/GET of a user who is not in the group.</summary>
    public const string UserNotInGroup = "Info.User.NotInGroup";

    /// <summary>PUT/DELETE of a connection in a group, when the connection is not open.</summary>
    public const string ConnectionInGroupNotExisted = "Error.Connection.NotExisted";
}

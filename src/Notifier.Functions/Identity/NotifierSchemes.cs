namespace Notifier.Functions.Identity;

/// <summary>
/// The authentication schemes. Routes name only <see cref="User"/> or <see cref="Publisher"/>, policy schemes that pick
/// the concrete scheme per request (see <see cref="CallerSchemes"/>).
/// </summary>
internal static class NotifierSchemes
{
    /// <summary>The policy scheme of user routes: forwards to the scheme of <c>Notifier:Users:Mode</c>.</summary>
    public const string User = "User";

    /// <summary>The policy scheme of publisher routes: forwards to the API key, Entra token or Functions host scheme.</summary>
    public const string Publisher = "Publisher";

    /// <summary>Users' bearer JWTs (Jwt mode).</summary>
    public const string UserBearer = "UserBearer";

    /// <summary>App Service authentication headers (AppService mode).</summary>
    public const string AppService = "AppService";

    /// <summary>The user named in a header (Development mode); registered only in the Development environment.</summary>
    public const string Development = "Development";

    /// <summary>Publishers' <c>X-Api-Key</c>.</summary>
    public const string ApiKey = "ApiKey";

    /// <summary>Publishers' Entra ID client-credentials tokens.</summary>
    public const string PublisherBearer = "PublisherBearer";

    /// <summary>Requests the Functions host forwarded after checking a function key.</summary>
    public const string FunctionsHost = "FunctionsHost";
}

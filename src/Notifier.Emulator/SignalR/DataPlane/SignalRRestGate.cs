using Notifier.Azure.SignalR.Protocol;
using Notifier.Emulator.DataPlane;
using Notifier.Emulator.SignalR.Authentication;

namespace Notifier.Emulator.SignalR.DataPlane;

/// <summary>
/// Runs before every REST operation of the SignalR mode, in the service's order: on the <c>api-version</c> routes the
/// version (required there), then the bearer token (signed with the access key, audience = this request's URL), then
/// the hub name. A request refused here changes nothing.
/// </summary>
internal sealed partial class SignalRRestGate : IEndpointFilter
{
    private readonly SignalRTokenValidator _tokens;
    private readonly ILogger _logger;
    private readonly bool _requiresApiVersion;

    public SignalRRestGate(SignalRTokenValidator tokens, ILogger logger, bool requiresApiVersion)
    {
        _tokens = tokens;
        _logger = logger;
        _requiresApiVersion = requiresApiVersion;
    }

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var http = context.HttpContext;
        var request = http.Request;
        if (_requiresApiVersion && ApiVersionError(request) is { } versionError)
        {
            return Refuse(request, versionError);
        }

        var authorization = request.Headers.Authorization.ToString();
        var token = authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? authorization[7..].Trim() : null;
        if (token is null)
        {
            return Unauthorized(http, "The request has no 'Authorization: Bearer' access token.");
        }

        if (!_tokens.TryValidateRestToken(token, request.PathBase.Add(request.Path), out var tokenError))
        {
            return Unauthorized(http, tokenError);
        }

        if (!SignalRNames.IsValidHub(http.GetRouteValue("hub") as string))
        {
            return Refuse(request, DataPlaneError.BadRequest("hub", $"'{http.GetRouteValue("hub")}' is not a valid hub name: it must start with a letter and have at most 128 letters, digits or the characters _`,.[]."));
        }

        var result = await next(context).ConfigureAwait(false);
        if (result is DataPlaneError { StatusCode: not StatusCodes.Status404NotFound } refused)
        {
            Log.Refused(_logger, request.Method, request.Path, refused.StatusCode, refused.Message);
        }

        return result;
    }

    private static DataPlaneError? ApiVersionError(HttpRequest request)
    {
        var versions = request.Query[SignalRApiVersions.ParameterName];
        if (versions.Count == 0)
        {
            return DataPlaneError.BadRequest(SignalRApiVersions.ParameterName, $"The query parameter 'api-version' is required on this route: one of {SignalRApiVersions.List} (or use the /api/v1 routes, which take none).");
        }

        return versions.Count == 1 && SignalRApiVersions.IsSupported(versions[0])
            ? null
            : DataPlaneError.BadRequest(SignalRApiVersions.ParameterName, $"The api-version '{versions}' is not supported; supported versions are {SignalRApiVersions.List}.");
    }

    private DataPlaneError Unauthorized(HttpContext http, string message)
    {
        http.Response.Headers.WWWAuthenticate = "Bearer";
        return Refuse(http.Request, DataPlaneError.Unauthorized(message));
    }

    private DataPlaneError Refuse(HttpRequest request, DataPlaneError error)
    {
        Log.Refused(_logger, request.Method, request.Path, error.StatusCode, error.Message);
        return error;
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "SignalR REST: {Method} {Path} refused with {StatusCode}: {Reason}")]
        public static partial void Refused(ILogger logger, string method, PathString path, int statusCode, string reason);
    }
}

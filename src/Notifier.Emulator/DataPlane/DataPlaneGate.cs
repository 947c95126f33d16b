using Notifier.Azure.WebPubSub.Protocol;
using Notifier.Emulator.Authentication;

namespace Notifier.Emulator.DataPlane;

/// <summary>
/// Runs before every data-plane operation, in the service's order: the <c>api-version</c>, then the bearer token
/// (audience = this request's URL), then the hub name. A request refused here changes nothing.
/// </summary>
internal sealed partial class DataPlaneGate : IEndpointFilter
{
    private const string BearerPrefix = "Bearer ";

    private readonly AccessTokenValidator _tokens;
    private readonly ILogger _logger;

    public DataPlaneGate(AccessTokenValidator tokens, ILogger logger)
    {
        _tokens = tokens;
        _logger = logger;
    }

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var http = context.HttpContext;
        var request = http.Request;
        http.Response.Headers[ApiVersions.HeaderName] = ApiVersions.HeaderValue;

        if (request.Query.TryGetValue("api-version", out var versions)
            && (versions.Count != 1 || !ApiVersions.IsSupported(versions[0] ?? string.Empty)))
        {
            var error = DataPlaneError.BadRequest(
                "api-version",
                $"The api-version '{versions}' is not supported; supported versions are {ApiVersions.HeaderValue}.");
            Log.Refused(_logger, request.Method, request.Path, error.StatusCode, error.Message);
            return error;
        }

        var authorization = request.Headers.Authorization.ToString();
        var token = authorization.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase)
            ? authorization[BearerPrefix.Length..].Trim()
            : null;
        if (token is null)
        {
            return Unauthorized(http, "The request has no 'Authorization: Bearer' access token.");
        }

        if (!_tokens.TryValidateRestToken(token, RequestUrl.Absolute(request), out var tokenError))
        {
            return Unauthorized(http, tokenError);
        }

        var hub = http.GetRouteValue("hub") as string;
        if (!WebPubSubNames.IsValidHub(hub))
        {
            var error = DataPlaneError.BadRequest(
                "hub",
                $"'{hub}' is not a valid hub name: it must start with a letter and have at most 128 letters, digits or the characters _`,.[].");
            Log.Refused(_logger, request.Method, request.Path, error.StatusCode, error.Message);
            return error;
        }

        var result = await next(context).ConfigureAwait(false);
        if (result is DataPlaneError refused)
        {
            Log.Refused(_logger, request.Method, request.Path, refused.StatusCode, refused.Message);
        }

        return result;
    }

    private DataPlaneError Unauthorized(HttpContext http, string message)
    {
        Log.Refused(_logger, http.Request.Method, http.Request.Path, StatusCodes.Status401Unauthorized, message);
        http.Response.Headers.WWWAuthenticate = "Bearer";
        return DataPlaneError.Unauthorized(message);
    }

    private static partial class Log
    {
        [LoggerMessage(100, LogLevel.Information, "Data plane: {Method} {Path} refused with {StatusCode}: {Reason}")]
        public static partial void Refused(ILogger logger, string method, PathString path, int statusCode, string reason);
    }
}

using System.Buffers;
using System.Text.Json;

namespace Notifier.Emulator.DataPlane;

/// <summary>
/// An error answer of the data-plane API: the service's <c>ErrorDetail</c> body <c>{"code","message","target"}</c> and
/// the <c>x-ms-error-code</c> header, which Azure SDKs surface as <c>RequestFailedException.ErrorCode</c>.
/// </summary>
internal sealed class DataPlaneError : IResult
{
    public const string ErrorCodeHeader = "x-ms-error-code";

    public DataPlaneError(int statusCode, string code, string message, string? target)
    {
        StatusCode = statusCode;
        Code = code;
        Message = message;
        Target = target;
    }

    public int StatusCode { get; }

    public string Code { get; }

    public string Message { get; }

    public string? Target { get; }

    public static DataPlaneError BadRequest(string target, string message) =>
        new(StatusCodes.Status400BadRequest, "Error.BadRequest", message, target);

    public static DataPlaneError Unauthorized(string message) =>
        new(StatusCodes.Status401Unauthorized, "Error.Unauthorized", message, "Authorization");

    public static DataPlaneError ConnectionNotFound(string connectionId) =>
        new(StatusCodes.Status404NotFound, "Error.Connection.NotExisted", $"Connection `{connectionId}` is not found.", "Connection");

    public static DataPlaneError UserNotFound(string userId) =>
        new(StatusCodes.Status404NotFound, "Error.User.NotExisted", $"User `{userId}` has no connection.", "User");

    public static DataPlaneError UnsupportedMediaType(string message) =>
        new(StatusCodes.Status415UnsupportedMediaType, "Error.UnsupportedMediaType", message, "Content-Type");

    public static DataPlaneError PayloadTooLarge(int maxSize) =>
        new(StatusCodes.Status413PayloadTooLarge, "Error.PayloadTooLarge", $"The request body is larger than the {maxSize} bytes the service accepts.", "Request");

    public static DataPlaneError NotSupported(string message) =>
        new(StatusCodes.Status400BadRequest, "NotSupported", message, null);

    public static DataPlaneError TooManyPermissions(string connectionId) =>
        new(StatusCodes.Status409Conflict, "Error.Permission.LimitExceeded", $"Connection `{connectionId}` already holds the maximum number of group permission rules.", "Permission");

    public Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var response = httpContext.Response;
        response.StatusCode = StatusCode;
        response.Headers[ErrorCodeHeader] = Code;
        if (HttpMethods.IsHead(httpContext.Request.Method))
        {
            return Task.CompletedTask;
        }

        var body = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(body))
        {
            writer.WriteStartObject();
            writer.WriteString("code"u8, Code);
            writer.WriteString("message"u8, Message);
            if (Target is null)
            {
                writer.WriteNull("target"u8);
            }
            else
            {
                writer.WriteString("target"u8, Target);
            }

            writer.WriteEndObject();
        }

        response.ContentType = "application/json; charset=utf-8";
        response.ContentLength = body.WrittenCount;
        return response.Body.WriteAsync(body.WrittenMemory, httpContext.RequestAborted).AsTask();
    }

    public override string ToString() => $"{StatusCode} {Code}: {Message}";
}

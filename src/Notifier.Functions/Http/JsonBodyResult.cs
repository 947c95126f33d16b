using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Notifier.Functions.Http;

/// <summary>
/// A JSON response written straight to the response pipe with <see cref="Utf8JsonWriter"/>, so stored payloads are
/// copied in as bytes rather than parsed and serialised again.
/// </summary>
internal sealed class JsonBodyResult : IResult
{
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private readonly int _status;
    private readonly Action<Utf8JsonWriter> _write;

    public JsonBodyResult(int status, Action<Utf8JsonWriter> write)
    {
        _status = status;
        _write = write;
    }

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = _status;
        response.ContentType = "application/json; charset=utf-8";
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer, Options))
        {
            _write(writer);
        }

        response.ContentLength = buffer.WrittenCount;
        await response.Body.WriteAsync(buffer.WrittenMemory, httpContext.RequestAborted).ConfigureAwait(false);
    }
}

using System.Text.Json;
using System.Xml;
using Azure;
using Azure.Core;

namespace Notifier.Azure.Storage.Core;

/// <summary>
/// Finds the service error code and message in a failed Table or Queue response so that
/// <see cref="RequestFailedException.ErrorCode"/> is filled in.
/// </summary>
/// <remarks>
/// Azure.Core's default parser only understands <c>{"error":{...}}</c>; Table errors come as
/// <c>{"odata.error":{"code":..,"message":{"value":..}}}</c> and Queue errors as XML <c>&lt;Error&gt;&lt;Code&gt;</c>.
/// The <c>x-ms-error-code</c> header wins when present because it is the documented contract.
/// </remarks>
internal sealed class StorageErrorParser : RequestFailedDetailsParser
{
    public static StorageErrorParser Instance { get; } = new();

    public override bool TryParse(Response response, out ResponseError? error, out IDictionary<string, string>? data)
    {
        data = null;
        response.Headers.TryGetValue(StorageHeaders.ErrorCode, out var headerCode);
        var (bodyCode, message) = ReadBody(response.Content);
        var code = headerCode ?? bodyCode;
        error = code is null && message is null ? null : new ResponseError(code, message);
        return error is not null;
    }

    internal static (string? Code, string? Message) ReadBody(BinaryData? content)
    {
        if (content is null)
        {
            return (null, null);
        }

        var bytes = content.ToMemory();
        var span = bytes.Span.TrimStart(" \t\r\n"u8);
        if (span.IsEmpty)
        {
            return (null, null);
        }

        try
        {
            return span[0] switch
            {
                (byte)'{' => ReadJson(bytes),
                (byte)'<' => ReadXml(content),
                _ => (null, null),
            };
        }
        catch (JsonException)
        {
            return (null, null);
        }
        catch (XmlException)
        {
            return (null, null);
        }
    }

    internal static (string? Code, string? Message) ReadJson(ReadOnlyMemory<byte> json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object
            || !(root.TryGetProperty("odata.error", out var error) || root.TryGetProperty("error", out error))
            || error.ValueKind != JsonValueKind.Object)
        {
            return (null, null);
        }

        var code = error.TryGetProperty("code", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null;
        string? message = null;
        if (error.TryGetProperty("message", out var m))
        {
            message = m.ValueKind switch
            {
                JsonValueKind.String => m.GetString(),
                JsonValueKind.Object when m.TryGetProperty("value", out var v) && v.ValueKind == JsonValueKind.String => v.GetString(),
                _ => null,
            };
        }

        return (code, message);
    }

    private static (string? Code, string? Message) ReadXml(BinaryData content)
    {
        string? code = null;
        string? message = null;
        using var stream = content.ToStream();
        using var reader = XmlReader.Create(stream, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null });
        reader.MoveToContent();
        while (!reader.EOF)
        {
            if (reader.NodeType == XmlNodeType.Element && reader.Depth == 1 && reader.LocalName is "Code" or "Message")
            {
                // ReadElementContentAsString already advances past the element, so no extra Read here.
                var isCode = reader.LocalName == "Code";
                var value = reader.ReadElementContentAsString();
                if (isCode)
                {
                    code = value;
                }
                else
                {
                    message = value;
                }

                continue;
            }

            reader.Read();
        }

        return (code, message);
    }
}

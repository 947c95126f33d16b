using System.Text.Json.Serialization;

namespace Notifier.Functions.Http;

/// <summary>
/// JSON that is already serialised (a stored notification payload), written into a typed answer as bytes, so a page of
/// inbox entries costs no parse and no second serialisation.
/// </summary>
[JsonConverter(typeof(RawJsonConverter))]
internal readonly record struct RawJson(ReadOnlyMemory<byte> Utf8);

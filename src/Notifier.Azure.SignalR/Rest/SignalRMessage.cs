using System.Buffers;
using System.Text.Json;

namespace Notifier.Azure.SignalR.Rest;

/// <summary>
/// The body of a REST send, <c>{"target":…,"arguments":[…]}</c>: the client method to call and its arguments. It is
/// serialised once, when created, and the same bytes go out with every send.
/// </summary>
public sealed class SignalRMessage
{
    private static readonly JsonEncodedText TargetName = JsonEncodedText.Encode("target");
    private static readonly JsonEncodedText ArgumentsName = JsonEncodedText.Encode("arguments");

    private SignalRMessage(string target, BinaryData body)
    {
        Target = target;
        Body = body;
    }

    /// <summary>The client method, as <c>connection.on(target, …)</c> names it.</summary>
    public string Target { get; }

    /// <summary>The serialised body.</summary>
    public BinaryData Body { get; }

    /// <summary>Creates a message calling <paramref name="target"/> with arguments that are already JSON.</summary>
    /// <param name="target">The client method; not empty.</param>
    /// <param name="jsonArguments">Each argument as one JSON value (an object, a string in quotes, a number, …).</param>
    /// <exception cref="ArgumentException">The target is empty, or an argument is not one valid JSON value.</exception>
    public static SignalRMessage Create(string target, params IReadOnlyList<BinaryData> jsonArguments)
    {
        ArgumentException.ThrowIfNullOrEmpty(target);
        ArgumentNullException.ThrowIfNull(jsonArguments);
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString(TargetName, target);
            json.WriteStartArray(ArgumentsName);
            for (var i = 0; i < jsonArguments.Count; i++)
            {
                var argument = jsonArguments[i] ?? throw new ArgumentException($"Argument {i} is null; pass BinaryData.FromString(\"null\") for a JSON null.", nameof(jsonArguments));
                try
                {
                    json.WriteRawValue(argument.ToMemory().Span);
                }
                catch (JsonException ex)
                {
                    throw new ArgumentException($"Argument {i} is not one valid JSON value.", nameof(jsonArguments), ex);
                }
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return new SignalRMessage(target, new BinaryData(buffer.WrittenMemory));
    }
}

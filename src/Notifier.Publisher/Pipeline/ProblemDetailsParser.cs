using System.Text.Json;
using Azure;
using Azure.Core;
using Notifier.Publisher.Wire;

namespace Notifier.Publisher.Pipeline;

/// <summary>Turns the service's problem details into the message of a <see cref="RequestFailedException"/>: its detail and each field error.</summary>
internal sealed class ProblemDetailsParser : RequestFailedDetailsParser
{
    public static readonly ProblemDetailsParser Instance = new();

    public static ProblemBody? Read(Response response)
    {
        if (response.Content is not { } content || content.ToMemory().IsEmpty)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(content.ToMemory().Span, PublisherJsonContext.Default.ProblemBody);
        }
        catch (JsonException)
        {
            // Not problem details (a proxy's HTML page, the Functions host's empty 401): the status says enough.
            return null;
        }
    }

    public override bool TryParse(Response response, out ResponseError? error, out IDictionary<string, string>? data)
    {
        data = null;
        error = null;
        if (Read(response) is not { } problem)
        {
            return false;
        }

        var message = problem.Detail ?? problem.Title ?? response.ReasonPhrase;
        if (problem.Errors is { Count: > 0 } errors)
        {
            message += " Fields: " + string.Join("; ", errors);
        }

        error = new ResponseError(null, message);
        return true;
    }
}

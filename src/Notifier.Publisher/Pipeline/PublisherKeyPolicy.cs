using Azure;
using Azure.Core;
using Azure.Core.Pipeline;

namespace Notifier.Publisher.Pipeline;

/// <summary>Sends the publisher key in the headers the options name, read from the credential on every request so that a rotated key takes effect at once.</summary>
internal sealed class PublisherKeyPolicy : HttpPipelineSynchronousPolicy
{
    public const string ApiKeyHeader = "X-Api-Key";
    public const string FunctionKeyHeader = "x-functions-key";

    private readonly AzureKeyCredential _credential;
    private readonly PublisherKeyHeaders _headers;

    public PublisherKeyPolicy(AzureKeyCredential credential, PublisherKeyHeaders headers)
    {
        if ((headers & PublisherKeyHeaders.Both) == 0)
        {
            throw new ArgumentException("KeyHeaders must name at least one header: ApiKey, FunctionKey or Both.", nameof(headers));
        }

        _credential = credential;
        _headers = headers;
    }

    public override void OnSendingRequest(HttpMessage message)
    {
        if (_headers.HasFlag(PublisherKeyHeaders.ApiKey))
        {
            message.Request.Headers.SetValue(ApiKeyHeader, _credential.Key);
        }

        if (_headers.HasFlag(PublisherKeyHeaders.FunctionKey))
        {
            message.Request.Headers.SetValue(FunctionKeyHeader, _credential.Key);
        }
    }
}

using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Notifier.Azure.Storage.Authentication;

namespace Notifier.Azure.Storage.Core;

/// <summary>Builds the HTTP pipeline shared by the Table and Queue clients.</summary>
internal static class StoragePipeline
{
    /// <summary>The Entra ID scope for both Table and Queue data-plane access.</summary>
    public const string StorageScope = "https://storage.azure.com/.default";

    public static HttpPipeline Build(ClientOptions options, TimeProvider timeProvider, AzureNamedKeyCredential credential, StorageService service) =>
        Build(options, timeProvider, new SharedKeyAuthenticationPolicy(credential, service));

    public static HttpPipeline Build(ClientOptions options, TimeProvider timeProvider, TokenCredential credential) =>
        Build(options, timeProvider, new BearerTokenAuthenticationPolicy(credential, StorageScope));

    /// <summary>Sends on the async or sync path of the pipeline; the caller maps error responses.</summary>
    public static async Task<Response> SendAsync(HttpPipeline pipeline, HttpMessage message, bool async, CancellationToken cancellationToken)
    {
        if (async)
        {
            await pipeline.SendAsync(message, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            pipeline.Send(message, cancellationToken);
        }

        return message.Response;
    }

    private static HttpPipeline Build(ClientOptions options, TimeProvider timeProvider, HttpPipelinePolicy authentication)
    {
        var logged = options.Diagnostics.LoggedHeaderNames;
        foreach (var name in new[]
        {
            StorageHeaders.Date, StorageHeaders.Version, StorageHeaders.ErrorCode, StorageHeaders.DataServiceVersion,
            StorageHeaders.ContinuationNextPartitionKey, StorageHeaders.ContinuationNextRowKey,
            StorageHeaders.ApproximateMessagesCount, StorageHeaders.TimeNextVisible, "Prefer", "Preference-Applied",
        })
        {
            if (!logged.Contains(name))
            {
                logged.Add(name);
            }
        }

        // Both per retry: every attempt gets its own x-ms-date and a signature over that date.
        return HttpPipelineBuilder.Build(
            options,
            perCallPolicies: [],
            perRetryPolicies: [new StorageDatePolicy(timeProvider), authentication],
            responseClassifier: new ResponseClassifier());
    }
}

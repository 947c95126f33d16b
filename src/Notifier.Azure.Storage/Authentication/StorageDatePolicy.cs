using System.Globalization;
using Azure.Core;
using Azure.Core.Pipeline;
using Notifier.Azure.Storage.Core;

namespace Notifier.Azure.Storage.Authentication;

/// <summary>Stamps <c>x-ms-date</c> on every attempt, so a retried request carries a fresh date.</summary>
/// <remarks>Runs per retry and before the signing policy, which signs exactly the value written here.</remarks>
internal sealed class StorageDatePolicy : HttpPipelineSynchronousPolicy
{
    private readonly TimeProvider _timeProvider;

    public StorageDatePolicy(TimeProvider timeProvider)
    {
        _timeProvider = timeProvider;
    }

    public override void OnSendingRequest(HttpMessage message)
    {
        var date = _timeProvider.GetUtcNow().ToString("R", CultureInfo.InvariantCulture);
        message.Request.Headers.SetValue(StorageHeaders.Date, date);
    }
}

using Azure;
using Azure.Data.Tables;
using Notifier.Functions.Http;

namespace Notifier.Functions.Tests.Unit;

public class UnavailabilityTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(408)]
    [InlineData(429)]
    [InlineData(500)]
    [InlineData(503)]
    public void TransientServiceStatuses_AreUnavailable(int status) =>
        Assert.True(Unavailability.IsUnavailable(new RequestFailedException(status, "failed")));

    [Theory]
    [InlineData(400)]
    [InlineData(403)]
    [InlineData(404)]
    [InlineData(409)]
    public void OtherServiceStatuses_AreBugs(int status) =>
        Assert.False(Unavailability.IsUnavailable(new RequestFailedException(status, "failed")));

    [Theory]
    [InlineData("TableNotFound")]
    [InlineData("QueueNotFound")]
    public void MissingTablesOrQueues_AreUnavailable(string errorCode) =>
        Assert.True(Unavailability.IsUnavailable(new RequestFailedException(404, "missing", errorCode, null)));

    [Fact]
    public void NetworkFailuresAndTimeouts_AreUnavailable()
    {
        Assert.True(Unavailability.IsUnavailable(new HttpRequestException("refused")));
        Assert.True(Unavailability.IsUnavailable(new TimeoutException()));
        Assert.True(Unavailability.IsUnavailable(new TaskCanceledException("timed out", new TimeoutException())));
    }

    [Fact]
    public void PlainCancellationAndOtherExceptions_AreNot()
    {
        Assert.False(Unavailability.IsUnavailable(new OperationCanceledException()));
        Assert.False(Unavailability.IsUnavailable(new TaskCanceledException()));
        Assert.False(Unavailability.IsUnavailable(new InvalidOperationException()));
        Assert.False(Unavailability.IsUnavailable(new ArgumentException("bad")));
    }

    [Fact]
    public void WrappedFailures_AreJudgedByTheirCause()
    {
        Assert.True(Unavailability.IsUnavailable(new InvalidOperationException("outer", new HttpRequestException("inner"))));
        Assert.False(Unavailability.IsUnavailable(new InvalidOperationException("outer", new ArgumentException("inner"))));
    }

    [Fact]
    public void TheTableSdksFailures_AreJudgedByTheirStatus()
    {
        // A transaction fails with the failed action's status; the SDK's retries give up with an AggregateException
        // of what each attempt threw, and a refused connection is status 0 around the HttpRequestException.
        Assert.True(Unavailability.IsUnavailable(new TableTransactionFailedException(new RequestFailedException(503, "busy"))));
        Assert.False(Unavailability.IsUnavailable(new TableTransactionFailedException(new RequestFailedException(412, "stale", "UpdateConditionNotSatisfied", null))));
        Assert.True(Unavailability.IsUnavailable(new AggregateException(
            new RequestFailedException(0, "refused", new HttpRequestException("refused")),
            new RequestFailedException(0, "refused", new HttpRequestException("refused")))));
    }

    [Fact]
    public void AggregateFailures_AreUnavailableOnlyWhenEveryOneIs()
    {
        Assert.True(Unavailability.IsUnavailable(new AggregateException(new HttpRequestException(), new RequestFailedException(503, "busy"))));
        Assert.False(Unavailability.IsUnavailable(new AggregateException(new HttpRequestException(), new InvalidOperationException())));
    }
}

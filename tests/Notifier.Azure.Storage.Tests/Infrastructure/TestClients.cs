using Azure;
using Notifier.Azure.Storage.ConnectionStrings;
using Notifier.Azure.Storage.Queues;
using Notifier.Azure.Storage.Tables;
using Notifier.Testing.Transport;

namespace Notifier.Azure.Storage.Tests.Infrastructure;

/// <summary>Clients wired to a <see cref="RecordingTransport"/>, a fixed clock and the development account.</summary>
internal static class TestClients
{
    public const string AccountName = StorageConnectionString.DevelopmentAccountName;
    public const string AccountKey = StorageConnectionString.DevelopmentAccountKey;
    public const string FixedDate = "Fri, 21 Nov 2025 10:00:00 GMT";

    public static readonly DateTimeOffset FixedNow = new(2025, 11, 21, 10, 0, 0, TimeSpan.Zero);

    public static readonly Uri AzuriteTableEndpoint = new("http://127.0.0.1:10002/devstoreaccount1");

    public static readonly Uri AzuriteQueueEndpoint = new("http://127.0.0.1:10001/devstoreaccount1");

    public static TableStorageClient Table(RecordingTransport transport, string tableName = "mytable", Uri? endpoint = null, TimeProvider? clock = null) =>
        new(endpoint ?? AzuriteTableEndpoint, tableName, new AzureNamedKeyCredential(AccountName, AccountKey), TableOptions(transport, clock));

    public static TableStorageClientOptions TableOptions(RecordingTransport transport, TimeProvider? clock = null)
    {
        var options = new TableStorageClientOptions { Transport = transport, TimeProvider = clock ?? new FixedTimeProvider(FixedNow) };
        options.Retry.MaxRetries = 0;
        return options;
    }

    public static StorageQueueClient Queue(
        RecordingTransport transport, string queueName = "myqueue", StorageQueueMessageEncoding encoding = StorageQueueMessageEncoding.Base64, Uri? endpoint = null) =>
        new(endpoint ?? AzuriteQueueEndpoint, queueName, new AzureNamedKeyCredential(AccountName, AccountKey), QueueOptions(transport, encoding));

    public static StorageQueueClientOptions QueueOptions(RecordingTransport transport, StorageQueueMessageEncoding encoding = StorageQueueMessageEncoding.Base64)
    {
        var options = new StorageQueueClientOptions
        {
            Transport = transport,
            TimeProvider = new FixedTimeProvider(FixedNow),
            MessageEncoding = encoding,
        };
        options.Retry.MaxRetries = 0;
        return options;
    }
}

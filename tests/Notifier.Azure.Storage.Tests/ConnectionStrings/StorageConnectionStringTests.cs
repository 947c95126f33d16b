using Notifier.Azure.Storage.ConnectionStrings;
using Notifier.Azure.Storage.Queues;
using Notifier.Azure.Storage.Tables;
using Notifier.Azure.Storage.Tests.Infrastructure;
using Notifier.Testing.Transport;

namespace Notifier.Azure.Storage.Tests.ConnectionStrings;

public sealed class StorageConnectionStringTests
{
    private const string Key = "a2V5MQ==";

    [Fact]
    public void Parse_AccountString_DerivesEndpointsFromSuffix()
    {
        var parsed = StorageConnectionString.Parse($"DefaultEndpointsProtocol=https;AccountName=acct;AccountKey={Key};EndpointSuffix=core.chinacloudapi.cn");

        Assert.Equal("acct", parsed.AccountName);
        Assert.Equal(Key, parsed.AccountKey);
        Assert.Equal(new Uri("https://acct.table.core.chinacloudapi.cn/"), parsed.TableEndpoint);
        Assert.Equal(new Uri("https://acct.queue.core.chinacloudapi.cn/"), parsed.QueueEndpoint);
        Assert.Equal(new Uri("https://acct.blob.core.chinacloudapi.cn/"), parsed.BlobEndpoint);
    }

    [Fact]
    public void Parse_Defaults_HttpsAndCoreWindowsNet()
    {
        var parsed = StorageConnectionString.Parse($"AccountName=acct;AccountKey={Key}");

        Assert.Equal(new Uri("https://acct.table.core.windows.net/"), parsed.TableEndpoint);
        Assert.Equal(new Uri("https://acct.queue.core.windows.net/"), parsed.QueueEndpoint);
    }

    [Fact]
    public void Parse_KeysAreCaseInsensitive_ValuesMayContainEquals_WhitespaceAndEmptySegmentsIgnored()
    {
        var parsed = StorageConnectionString.Parse($" accountname = acct ;; ACCOUNTKEY={Key} ; tableendpoint=http://127.0.0.1:9/acct?x=y ;");

        Assert.Equal("acct", parsed.AccountName);
        Assert.Equal(Key, parsed.AccountKey);
        Assert.Equal(new Uri("http://127.0.0.1:9/acct?x=y"), parsed.TableEndpoint);
    }

    [Fact]
    public void Parse_UseDevelopmentStorage_ExpandsToAzuriteDefaults()
    {
        var parsed = StorageConnectionString.Parse("UseDevelopmentStorage=true");

        Assert.Equal("devstoreaccount1", parsed.AccountName);
        Assert.Equal("Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==", parsed.AccountKey);
        Assert.Equal(new Uri("http://127.0.0.1:10000/devstoreaccount1"), parsed.BlobEndpoint);
        Assert.Equal(new Uri("http://127.0.0.1:10001/devstoreaccount1"), parsed.QueueEndpoint);
        Assert.Equal(new Uri("http://127.0.0.1:10002/devstoreaccount1"), parsed.TableEndpoint);
    }

    [Theory]
    [InlineData("AccountName=acct", "AccountKey")]
    [InlineData("AccountKey=a2V5MQ==", "AccountName")]
    [InlineData("AccountName=;AccountKey=a2V5MQ==", "AccountName")]
    public void Parse_MissingRequiredValue_NamesIt(string connectionString, string missing)
    {
        var error = Assert.Throws<ArgumentException>(() => StorageConnectionString.Parse(connectionString));

        Assert.Contains($"'{missing}'", error.Message, StringComparison.Ordinal);
        Assert.Equal("connectionString", error.ParamName);
    }

    [Theory]
    [InlineData("AccountName=acct;a2V5MQ==")]
    [InlineData("AccountName=acct;AccountName=other;AccountKey=a2V5MQ==")]
    [InlineData("AccountName=acct;AccountKey=a2V5MQ==;DefaultEndpointsProtocol=ftp")]
    [InlineData("AccountName=acct;AccountKey=a2V5MQ==;TableEndpoint=not a uri")]
    [InlineData("AccountName=acct;SharedAccessSignature=sv=2020&sig=x")]
    public void Parse_Malformed_Throws(string connectionString)
    {
        var error = Assert.Throws<ArgumentException>(() => StorageConnectionString.Parse(connectionString));

        Assert.DoesNotContain("a2V5MQ==", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_EmptyString_Throws()
    {
        Assert.Throws<ArgumentException>(() => StorageConnectionString.Parse(" "));
    }

    [Fact]
    public async Task Clients_FromConnectionString_UseItsEndpointsAndKey()
    {
        var tableTransport = new RecordingTransport(204);
        var queueTransport = new RecordingTransport(204);
        var table = new TableStorageClient("UseDevelopmentStorage=true", "mytable", TestClients.TableOptions(tableTransport));
        var queue = new StorageQueueClient("UseDevelopmentStorage=true", "myqueue", TestClients.QueueOptions(queueTransport));

        await table.DeleteEntityAsync("p", "r");
        await queue.ClearMessagesAsync();

        Assert.Equal("http://127.0.0.1:10002/devstoreaccount1/mytable(PartitionKey='p',RowKey='r')", tableTransport.OnlyRequest.Uri.AbsoluteUri);
        Assert.StartsWith("SharedKeyLite devstoreaccount1:", tableTransport.OnlyRequest.Header("Authorization"), StringComparison.Ordinal);
        Assert.Equal("http://127.0.0.1:10001/devstoreaccount1/myqueue/messages", queueTransport.OnlyRequest.Uri.AbsoluteUri);
        Assert.Equal("mytable", table.Name);
        Assert.Equal(new Uri("http://127.0.0.1:10002/devstoreaccount1"), table.Endpoint);
    }
}

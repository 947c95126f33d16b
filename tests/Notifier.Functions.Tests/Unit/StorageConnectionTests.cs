using Microsoft.Extensions.Configuration;
using Notifier.Functions.Storage;

namespace Notifier.Functions.Tests.Unit;

public class StorageConnectionTests
{
    private const string Key = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    [Theory]
    [InlineData("UseDevelopmentStorage=true")]
    [InlineData("DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=" + Key + ";EndpointSuffix=core.windows.net")]
    [InlineData("DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=" + Key + ";TableEndpoint=http://127.0.0.1:10002/devstoreaccount1;")]
    [InlineData("TableEndpoint=https://acct.table.core.windows.net/;SharedAccessSignature=sv=2020-08-04&sig=abc")]
    public void ConnectionStrings_TheSdkAccepts_AreAccepted(string connectionString) =>
        Assert.NotNull(StorageConnection.FromConfiguration(Settings(("AzureWebJobsStorage", connectionString))));

    [Theory]
    [InlineData("AccountName=acct;" + "AccountKey=" + Key + ";AccountName=other", "'AccountName' appears twice")]
    [InlineData("AccountName=acct;" + Key, "'AccountName' with 'AccountKey'")]
    [InlineData("AccountName=acct;AccountKey=" + Key + ";" + Key + ";" + Key, "a key appears twice")]
    [InlineData("AccountName=acct;AccountKey", "'key=value'")]
    [InlineData("AccountName=acct", "'AccountName' with 'AccountKey'")]
    [InlineData("UseDevelopmentStorage=false", "'UseDevelopmentStorage=true'")]
    [InlineData("AccountName=acct;AccountKey=" + Key + ";TableEndpoint=not a uri", "'TableEndpoint' is not an absolute URI")]
    public void MalformedConnectionStrings_StopTheAppNamingTheSettingButNotTheKey(string connectionString, string reason)
    {
        var error = Assert.Throws<InvalidOperationException>(() => StorageConnection.FromConfiguration(Settings(("AzureWebJobsStorage", connectionString))));

        Assert.Contains("'AzureWebJobsStorage'", error.Message, StringComparison.Ordinal);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Key, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void IdentityBasedConnections_NeedTheTableAndQueueEndpoints()
    {
        Assert.NotNull(StorageConnection.FromConfiguration(Settings(("AzureWebJobsStorage:accountName", "acct"), ("AzureWebJobsStorage:credential", "managedidentity"))));
        Assert.NotNull(StorageConnection.FromConfiguration(Settings(
            ("AzureWebJobsStorage:tableServiceUri", "https://acct.table.core.windows.net/"),
            ("AzureWebJobsStorage:queueServiceUri", "https://acct.queue.core.windows.net/"),
            ("AzureWebJobsStorage:credential", "managedidentity"),
            ("AzureWebJobsStorage:clientId", Guid.NewGuid().ToString()))));

        var error = Assert.Throws<InvalidOperationException>(() => StorageConnection.FromConfiguration(Settings(("AzureWebJobsStorage:tableServiceUri", "https://acct.table.core.windows.net/"))));
        Assert.Contains("'AzureWebJobsStorage__accountName'", error.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(() => StorageConnection.FromConfiguration(Settings()));
    }

    private static IConfiguration Settings(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => KeyValuePair.Create(v.Key, (string?)v.Value))).Build();
}

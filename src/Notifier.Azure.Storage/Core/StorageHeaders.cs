namespace Notifier.Azure.Storage.Core;

/// <summary>Header names shared by the Table and Queue REST APIs.</summary>
internal static class StorageHeaders
{
    public const string Date = "x-ms-date";
    public const string Version = "x-ms-version";
    public const string ErrorCode = "x-ms-error-code";
    public const string Authorization = "Authorization";
    public const string ContentType = "Content-Type";
    public const string ContentMD5 = "Content-MD5";
    public const string Accept = "Accept";
    public const string IfMatch = "If-Match";
    public const string Prefer = "Prefer";
    public const string DataServiceVersion = "DataServiceVersion";
    public const string MaxDataServiceVersion = "MaxDataServiceVersion";
    public const string ContinuationNextPartitionKey = "x-ms-continuation-NextPartitionKey";
    public const string ContinuationNextRowKey = "x-ms-continuation-NextRowKey";
    public const string PopReceipt = "x-ms-popreceipt";
    public const string TimeNextVisible = "x-ms-time-next-visible";
    public const string ApproximateMessagesCount = "x-ms-approximate-messages-count";
}

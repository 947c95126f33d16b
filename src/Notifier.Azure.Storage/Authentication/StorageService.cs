namespace Notifier.Azure.Storage.Authentication;

/// <summary>Which Storage service a request goes to; the Shared Key string-to-sign differs between them.</summary>
internal enum StorageService
{
    Table,
    Queue,
}

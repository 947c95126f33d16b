namespace Notifier.Azure.Storage.Queues;

/// <summary>How message text is put on the wire.</summary>
public enum StorageQueueMessageEncoding
{
    /// <summary>
    /// Base64 of the UTF-8 text (the default): what the Azure Functions queue trigger expects with its default
    /// <c>messageEncoding: base64</c>, and safe for any text, including characters XML cannot carry.
    /// </summary>
    Base64 = 0,

    /// <summary>The text as is (XML-escaped in the request). For consumers that read raw text.</summary>
    None = 1,
}

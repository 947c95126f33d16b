using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Notifier.Azure.Storage.Core;

namespace Notifier.Azure.Storage.Authentication;

/// <summary>Signs each attempt with Shared Key Lite using the account key of an <see cref="AzureNamedKeyCredential"/>.</summary>
/// <remarks>
/// Registered per retry after <see cref="StorageDatePolicy"/>. The credential is read on every request so
/// <see cref="AzureNamedKeyCredential.Update"/> rotates the key without a new client; the decoded key is cached
/// until the key string changes.
/// </remarks>
internal sealed class SharedKeyAuthenticationPolicy : HttpPipelineSynchronousPolicy
{
    private const string Scheme = "SharedKeyLite";

    private readonly AzureNamedKeyCredential _credential;
    private readonly StorageService _service;
    private DecodedKey? _key;

    public SharedKeyAuthenticationPolicy(AzureNamedKeyCredential credential, StorageService service)
    {
        _credential = credential;
        _service = service;
    }

    public override void OnSendingRequest(HttpMessage message)
    {
        var (name, key) = _credential;
        var stringToSign = SharedKeyStringToSign.Create(_service, message.Request, name);
        var signature = Sign(GetKeyBytes(key), stringToSign);
        message.Request.Headers.SetValue(StorageHeaders.Authorization, $"{Scheme} {name}:{signature}");
    }

    internal static string Sign(byte[] key, string stringToSign) =>
        Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(stringToSign)));

    private byte[] GetKeyBytes(string key)
    {
        var cached = Volatile.Read(ref _key);
        if (cached is not null && ReferenceEquals(cached.Source, key))
        {
            return cached.Bytes;
        }

        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(key);
        }
        catch (FormatException ex)
        {
            throw new InvalidOperationException("The storage account key is not valid base64.", ex);
        }

        Volatile.Write(ref _key, new DecodedKey(key, bytes));
        return bytes;
    }

    private sealed record DecodedKey(string Source, byte[] Bytes);
}

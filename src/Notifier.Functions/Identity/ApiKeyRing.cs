using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Notifier.Functions.Identity;

/// <summary>The configured publisher API keys, kept as hashes so every comparison takes the same time.</summary>
internal sealed class ApiKeyRing
{
    private readonly (string Name, byte[] Hash)[] _keys;

    public ApiKeyRing(IOptions<PublishersOptions> options)
    {
        _keys = [.. options.Value.ApiKeys.Select(k => (k.Name, SHA256.HashData(Encoding.UTF8.GetBytes(k.Key))))];
    }

    public int Count => _keys.Length;

    /// <summary>Finds the name of the key a caller sent.</summary>
    /// <returns>The key's name, or <see langword="null"/> when it matches none.</returns>
    public string? Match(string key)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(key));
        string? match = null;

        // Compare with every key, so the time taken says nothing about which one (if any) matched.
        foreach (var (name, expected) in _keys)
        {
            if (CryptographicOperations.FixedTimeEquals(hash, expected))
            {
                match ??= name;
            }
        }

        return match;
    }
}

using System.Security.Cryptography;
using System.Text;
using Notifier.Functions.Runtime;

namespace Notifier.Functions.QueueTriggers;

/// <summary>
/// Who may call the invocation routes (<c>/queue-notifications</c>, <c>/servicebus-notifications</c>). They publish with
/// a queue's identity and trust the metadata they are given (message id, enqueue time), so a stranger must never reach
/// them. Under the Functions host only the host can: the handler listens on loopback at a port only the host knows,
/// and the host forwards outside requests only to <c>/api/</c> routes. Standalone (the local stack, tests, anyone
/// hosting the executable without the host) the caller must present this process's key, made at start and never
/// configured or logged, which only code in the same process (the local queue trigger) can read.
/// </summary>
internal sealed class HostInvocationKey
{
    /// <summary>The header a standalone caller sends the key in.</summary>
    public const string HeaderName = "X-Notifier-Invocation-Key";

    private readonly byte[] _key;
    private readonly bool _underFunctionsHost;

    public HostInvocationKey(HostingFacts hosting)
    {
        ArgumentNullException.ThrowIfNull(hosting);
        _underFunctionsHost = hosting.UnderFunctionsHost;
        Value = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        _key = Encoding.ASCII.GetBytes(Value);
    }

    /// <summary>Gets the key, for the in-process queue trigger to send.</summary>
    public string Value { get; }

    /// <summary>Whether a request may invoke a function.</summary>
    public bool Admits(HttpRequest request)
    {
        if (_underFunctionsHost)
        {
            return true;
        }

        var presented = request.Headers[HeaderName];
        return presented.Count == 1
            && presented[0] is { Length: > 0 } text
            && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(text), _key);
    }
}

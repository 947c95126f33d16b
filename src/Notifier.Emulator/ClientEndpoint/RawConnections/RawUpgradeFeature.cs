using System.Text;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http.Features;

namespace Notifier.Emulator.ClientEndpoint.RawConnections;

/// <summary>Answers 101 on the raw connection and hands back the transport as a stream.</summary>
internal sealed class RawUpgradeFeature : IHttpUpgradeFeature
{
    private readonly ConnectionContext _connection;
    private readonly HttpResponse _response;

    public RawUpgradeFeature(ConnectionContext connection, HttpResponse response)
    {
        _connection = connection;
        _response = response;
    }

    public bool IsUpgradableRequest => true;

    public bool Upgraded { get; private set; }

    public async Task<Stream> UpgradeAsync()
    {
        var head = new StringBuilder("HTTP/1.1 101 Switching Protocols\r\n");
        foreach (var (name, values) in _response.Headers)
        {
            head.Append(name).Append(": ").Append(values.ToString()).Append("\r\n");
        }

        head.Append("\r\n");
        Upgraded = true;
        await _connection.Transport.Output.WriteAsync(Encoding.ASCII.GetBytes(head.ToString())).ConfigureAwait(false);
        return new TransportStream(_connection.Transport);
    }
}

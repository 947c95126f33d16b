namespace Notifier.Azure.WebPubSub.EventHandler;

/// <summary>A client certificate presented to Web PubSub when client-certificate authentication is enabled.</summary>
public sealed class ClientCertificateInfo
{
    /// <summary>Creates the description of a client certificate.</summary>
    /// <param name="thumbprint">The SHA-1 thumbprint of the certificate.</param>
    /// <param name="content">The PEM-encoded certificate, when the service sends it.</param>
    public ClientCertificateInfo(string thumbprint, string? content)
    {
        ArgumentNullException.ThrowIfNull(thumbprint);
        Thumbprint = thumbprint;
        Content = content;
    }

    /// <summary>The SHA-1 thumbprint of the certificate.</summary>
    public string Thumbprint { get; }

    /// <summary>The PEM-encoded certificate, or <see langword="null"/> when the service did not send it.</summary>
    public string? Content { get; }
}

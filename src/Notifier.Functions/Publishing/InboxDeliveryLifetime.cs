using Notifier.Core.Publishing;

namespace Notifier.Functions.Publishing;

/// <summary>
/// Lets the deliveries under way finish when the process is asked to stop (the host's shutdown timeout bounds the
/// wait); what is left keeps its pending marker and the <c>redeliver</c> timer delivers it.
/// </summary>
internal sealed class InboxDeliveryLifetime : IHostedService
{
    private readonly IServiceProvider _services;

    public InboxDeliveryLifetime(IServiceProvider services)
    {
        _services = services;
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    // Resolved only at stop, so start-up builds nothing it does not need.
    public Task StopAsync(CancellationToken cancellationToken) => _services.GetRequiredService<InboxDelivery>().StopAsync(cancellationToken);
}

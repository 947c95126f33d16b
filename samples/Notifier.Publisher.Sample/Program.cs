// Publishes to the local stack (`dotnet run --project src/Notifier.DevHost`) as a backend service would:
//   dotnet run --project samples/Notifier.Publisher.Sample -- alice
// Against Azure, set Notifier__Publisher__Endpoint and Notifier__Publisher__ApiKey (a function key) instead.
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Notifier.Publisher;

var user = args.FirstOrDefault() ?? "alice";
// appsettings.json sits next to the program, wherever it is started from.
var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.Services.AddAzureClients(clients => clients.AddNotificationPublisher(builder.Configuration.GetSection("Notifier:Publisher")));
using var host = builder.Build();
var publisher = host.Services.GetRequiredService<NotificationPublisherClient>();

// The id is chosen here, before the first attempt: every retry of this object, by the client or by you, is a replay.
var shipped = new Notification(NotificationRecipients.ToUsers(user))
{
    Type = "order.shipped",
    Title = "Your order shipped",
    Body = "Order 42 is on its way.",
    Url = "/orders/42",
};

try
{
    var receipt = (await publisher.PublishAsync(shipped)).Value;
    Console.WriteLine($"{receipt.Id}: {receipt.Status}{(receipt.IsReplay ? " (replayed)" : "")}, expires {receipt.ExpiresAt:u}");

    var batch = Enumerable.Range(1, 3).Select(i => new Notification(NotificationRecipients.ToUsers(user)) { Title = $"Digest item {i}" }).ToList();
    var result = (await publisher.PublishBatchAsync(batch)).Value;
    foreach (var item in result.Results)
    {
        Console.WriteLine($"{item.Id}: {item.Status}");
    }

    var status = (await publisher.GetStatusAsync(shipped.Id)).Value;
    Console.WriteLine($"{status.Id}: {status.State}, delivered to {status.Delivered}, read by {status.Read}");
}
catch (NotificationValidationException invalid)
{
    // Found before anything was sent.
    foreach (var error in invalid.Errors)
    {
        Console.Error.WriteLine(error);
    }

    return 2;
}
catch (NotificationPublishException refused)
{
    Console.Error.WriteLine($"{refused.Status}: {refused.Detail}");
    foreach (var error in refused.Errors)
    {
        Console.Error.WriteLine(error);
    }

    return 1;
}

return 0;

using Microsoft.Extensions.Azure;
using Microsoft.Extensions.Options;
using Notifier.Core.Inbox;
using Notifier.Core.Notifications;
using Notifier.Core.Preferences;
using Notifier.Functions.Limits;

namespace Notifier.Functions.Storage;

/// <summary>Registers the tables and the stores on them that publishing and the inbox share.</summary>
internal static class StorageRegistration
{
    public static IServiceCollection AddStorage(this IServiceCollection services, StorageConnection storage)
    {
        services.AddSingleton(storage);
        services.AddAzureClients(storage.AddTableServiceClient);
        services.AddSingleton<NotifierTables>();
        services.AddSingleton(sp => new InboxOptions
        {
            InitialBacklog = sp.GetRequiredService<IOptions<LimitsOptions>>().Value.InitialBacklog,
            HeadLifetime = sp.GetRequiredService<IOptions<LimitsOptions>>().Value.InboxHeadLifetime,
            RecordRetention = sp.GetRequiredService<IOptions<CleanupOptions>>().Value.RecordRetention,
        });
        services.AddSingleton<INotificationRecords, TableNotificationRecords>();
        services.AddSingleton<TableInboxStore>();
        services.AddSingleton<IInboxStore>(sp => sp.GetRequiredService<TableInboxStore>());
        services.AddSingleton<IPreferenceStore, TablePreferenceStore>();
        services.AddSingleton<ExpiredRowSweeper>();
        return services;
    }
}

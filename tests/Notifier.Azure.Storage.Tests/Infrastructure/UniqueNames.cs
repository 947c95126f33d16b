namespace Notifier.Azure.Storage.Tests.Infrastructure;

/// <summary>Fresh table and queue names so tests never see each other's data.</summary>
internal static class UniqueNames
{
    public static string Table() => "t" + Guid.NewGuid().ToString("N")[..20];

    public static string Queue() => "q-" + Guid.NewGuid().ToString("N")[..20];
}

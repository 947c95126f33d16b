using System.Globalization;

namespace Notifier.DevHost.Stack;

/// <summary>What the developer reads once the stack is up: where to go, and a publish command ready to paste.</summary>
internal static class Banner
{
    public const string ReadyLine = "Notifier local stack is ready.";

    /// <summary>The banner's last line.</summary>
    public const string StopLine = "Press Ctrl+C to stop everything.";

    /// <summary>How <see cref="SigintIgnoredLine"/> starts.</summary>
    public const string SigintIgnoredStart = "Ctrl+C will not stop the local stack";

    /// <summary>Said at start and as the banner's last line when the stack was started with SIGINT ignored.</summary>
    public static string SigintIgnoredLine(int processId) => string.Create(
        CultureInfo.InvariantCulture,
        $"{SigintIgnoredStart}: it was started with SIGINT ignored (as a shell without job control starts `cmd &`). Stop it with `kill {processId}` (SIGTERM).");

    public static void Print(LocalStack stack, TextWriter output, bool sigintIgnored)
    {
        var app = stack.FunctionsEndpoint.AbsoluteUri.TrimEnd('/');
        var emulator = stack.EmulatorEndpoint.AbsoluteUri.TrimEnd('/');
        var options = stack.Options;
        var data = Path.GetRelativePath(stack.Repository.Root, stack.AzuriteLocation);
        if (data.StartsWith("..", StringComparison.Ordinal))
        {
            data = stack.AzuriteLocation;
        }

        var inv = CultureInfo.InvariantCulture;
        var lines = new List<string>
        {
            string.Empty,
            ReadyLine,
            string.Empty,
            $"  Demo page      {app}/",
            $"  Function app   {app}/api  (health: {app}/api/health)",
            string.Equals(stack.Transport, "SignalR", StringComparison.OrdinalIgnoreCase)
                ? $"  SignalR        {emulator}  (emulator, serverless; hub '{LocalStack.Hub}', upstream -> {app}/api/signalr/{{category}}/{{event}})"
                : $"  Web PubSub     {emulator}  (emulator; hub '{LocalStack.Hub}', events -> {app}/api/webpubsub)",
            string.Create(inv, $"  Azurite        blob {options.AzuriteBlobPort}, queue {options.AzuriteQueuePort}, table {options.AzuriteTablePort} on 127.0.0.1; data in {data}"),
            $"  Queue trigger  '{LocalStack.QueueName}' -> {LocalStack.QueueFunction} (malformed: '{LocalStack.PoisonQueue}', after 5 attempts: '{LocalStack.QueueName}-poison')",
            string.Empty,
        };

        if (stack.ApiKey is { Length: > 0 } key)
        {
            lines.Add("Publish a notification to alice (open the demo page and sign in as alice to see it arrive):");
            lines.Add($"  curl -sS -X POST {app}/api/notifications \\");
            lines.Add($"    -H 'Content-Type: application/json' -H 'X-Api-Key: {key}' \\");
            lines.Add("    -d '{\"to\":{\"users\":[\"alice\"]},\"type\":\"demo.hello\",\"title\":\"Hello, alice\",\"body\":\"Sent with curl.\"}'");
            lines.Add(string.Empty);
        }
        else
        {
            lines.Add("No publisher API key is configured (Notifier:Publishers:ApiKeys), so publishing over HTTP is refused.");
            lines.Add(string.Empty);
        }

        if (string.Equals(stack.UsersMode, "Development", StringComparison.OrdinalIgnoreCase))
        {
            lines.Add("Read alice's inbox (development mode: the user is named in X-Notifier-User):");
            lines.Add($"  curl -sS {app}/api/inbox -H 'X-Notifier-User: alice'");
        }
        else
        {
            lines.Add($"Users are identified in '{stack.UsersMode}' mode; the demo page's sign-in needs Notifier:Users:Mode=Development.");
        }

        lines.Add(string.Empty);
        lines.Add("Queue publishing: put the same JSON (base64, as the Functions host expects) on the 'notifications' queue, connection string:");
        lines.Add("  " + stack.StorageConnectionString);
        lines.Add(string.Empty);
        lines.Add(sigintIgnored ? SigintIgnoredLine(Environment.ProcessId) : StopLine);
        lines.Add(string.Empty);
        output.WriteLine(string.Join(Environment.NewLine, lines));
        output.Flush();
    }
}

using System.Globalization;

namespace Notifier.DevHost.Stack;

/// <summary>Where the local stack listens and keeps its data. Port 0 picks a free port (tests).</summary>
internal sealed class LocalStackOptions
{
    public const int DefaultFunctionsPort = 7071;
    public const int DefaultEmulatorPort = 8080;
    public const int DefaultAzuriteBlobPort = 10000;
    public const int DefaultAzuriteQueuePort = 10001;
    public const int DefaultAzuriteTablePort = 10002;

    /// <summary>Gets or sets the function app's port (the demo page is served there too); 7071, like <c>func start</c>.</summary>
    public int FunctionsPort { get; set; } = DefaultFunctionsPort;

    /// <summary>Gets or sets the Web PubSub emulator's port; 8080, like the official emulator.</summary>
    public int EmulatorPort { get; set; } = DefaultEmulatorPort;

    public int AzuriteBlobPort { get; set; } = DefaultAzuriteBlobPort;

    public int AzuriteQueuePort { get; set; } = DefaultAzuriteQueuePort;

    public int AzuriteTablePort { get; set; } = DefaultAzuriteTablePort;

    /// <summary>Gets or sets the folder Azurite keeps its data in; by default <c>.notifier/azurite</c> in the repository.</summary>
    public string? AzuriteLocation { get; set; }

    /// <summary>Gets or sets the host name in the URLs the stack listens on and prints.</summary>
    public string HostName { get; set; } = "localhost";

    /// <summary>Gets or sets the repository root (package.json, node_modules, client/); found from the program's folder when unset.</summary>
    public string? RepositoryRoot { get; set; }

    /// <summary>
    /// Gets or sets the transport the app runs with (<c>--transport</c>: <c>WebPubSub</c> or <c>SignalR</c>); null
    /// leaves <c>Notifier:Transport</c> to the settings files (Web PubSub when they do not say).
    /// </summary>
    public string? Transport { get; set; }

    /// <summary>Gets or sets whether a developer's local.settings.json is read (tests run on the sample's settings only).</summary>
    public bool ReadLocalSettings { get; set; } = true;

    /// <summary>Gets or sets whether the function app logs each request it handles and other Information messages.</summary>
    public bool Quiet { get; set; }

    /// <summary>Gets settings that override those from local.settings.sample.json (and local.settings.json).</summary>
    public Dictionary<string, string?> FunctionSettings { get; } = new(StringComparer.OrdinalIgnoreCase);

    public const string Usage = """
        Runs the Notifier stack locally: the function app with the demo page, the Web PubSub emulator, Azurite and the
        Storage queue trigger. Ctrl+C or SIGTERM stops everything it started; Azurite's output is in azurite.log in
        its data folder.

        Usage: dotnet run --project src/Notifier.DevHost [-- options]

        Options:
          --functions-port <port>      function app and demo page (default 7071)
          --emulator-port <port>       Web PubSub emulator, also SignalR Service (default 8080)
          --transport <name>           webpubsub (default) or signalr: which service the app and clients use
          --azurite-blob-port <port>   Azurite blob service (default 10000)
          --azurite-queue-port <port>  Azurite queue service (default 10001)
          --azurite-table-port <port>  Azurite table service (default 10002)
          --azurite-location <folder>  where Azurite keeps its data (default .notifier/azurite in the repository)
          --quiet                      only warnings and errors from the services
          -h, --help                   show this help

        Function app settings come from local.settings.sample.json, then local.settings.json if present; storage and
        Web PubSub and SignalR always point at the local services.
        """;

    private static readonly HashSet<string> ValueOptions =
        ["--functions-port", "--emulator-port", "--azurite-blob-port", "--azurite-queue-port", "--azurite-table-port", "--azurite-location", "--transport"];

    /// <summary>Parses the command line.</summary>
    /// <returns>The options, or an error message naming the argument.</returns>
    public static (LocalStackOptions? Options, string? Error, bool Help) Parse(IReadOnlyList<string> args)
    {
        var options = new LocalStackOptions();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            string? inlineValue = null;
            if (arg.StartsWith("--", StringComparison.Ordinal) && arg.IndexOf('=', StringComparison.Ordinal) is var eq and > 0)
            {
                inlineValue = arg[(eq + 1)..];
                arg = arg[..eq];
            }

            switch (arg)
            {
                case "-h" or "--help" or "-?":
                    return (null, null, true);
                case "--quiet":
                    options.Quiet = true;
                    continue;
            }

            if (!ValueOptions.Contains(arg))
            {
                return (null, $"Unknown option '{arg}'. See --help.", false);
            }

            string? value = inlineValue;
            if (value is null)
            {
                if (i + 1 >= args.Count)
                {
                    return (null, $"{arg} needs a value.", false);
                }

                value = args[++i];
            }

            switch (arg)
            {
                case "--transport":
                    if (value.Equals("webpubsub", StringComparison.OrdinalIgnoreCase))
                    {
                        options.Transport = "WebPubSub";
                    }
                    else if (value.Equals("signalr", StringComparison.OrdinalIgnoreCase))
                    {
                        options.Transport = "SignalR";
                    }
                    else
                    {
                        return (null, $"--transport is '{value}'; use webpubsub or signalr.", false);
                    }

                    break;
                case "--functions-port":
                    if (!TryPort(arg, value, out var functions, out var error))
                    {
                        return (null, error, false);
                    }

                    options.FunctionsPort = functions;
                    break;
                case "--emulator-port":
                    if (!TryPort(arg, value, out var emulator, out error))
                    {
                        return (null, error, false);
                    }

                    options.EmulatorPort = emulator;
                    break;
                case "--azurite-blob-port":
                    if (!TryPort(arg, value, out var blob, out error))
                    {
                        return (null, error, false);
                    }

                    options.AzuriteBlobPort = blob;
                    break;
                case "--azurite-queue-port":
                    if (!TryPort(arg, value, out var queue, out error))
                    {
                        return (null, error, false);
                    }

                    options.AzuriteQueuePort = queue;
                    break;
                case "--azurite-table-port":
                    if (!TryPort(arg, value, out var table, out error))
                    {
                        return (null, error, false);
                    }

                    options.AzuriteTablePort = table;
                    break;
                case "--azurite-location":
                    options.AzuriteLocation = Path.GetFullPath(value);
                    break;
                default:
                    return (null, $"Unknown option '{arg}'. See --help.", false);
            }
        }

        var ports = new[] { options.FunctionsPort, options.EmulatorPort, options.AzuriteBlobPort, options.AzuriteQueuePort, options.AzuriteTablePort };
        if (ports.Where(p => p != 0).GroupBy(p => p).FirstOrDefault(g => g.Count() > 1) is { } duplicate)
        {
            return (null, $"Port {duplicate.Key} is given to two services; each needs its own.", false);
        }

        return (options, null, false);
    }

    private static bool TryPort(string name, string value, out int port, out string? error)
    {
        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out port) && port is >= 0 and <= 65535)
        {
            error = null;
            return true;
        }

        error = $"{name} must be a port number from 1 to 65535, or 0 for any free port (got '{value}').";
        return false;
    }
}

using System.Text.Json;

namespace Notifier.Infra.Tests.Checks;

/// <summary>
/// infra/ compiled once per test run, shared by every test of <see cref="Collection"/>: <c>bicep build</c> and
/// <c>bicep lint</c> of main.bicep, <c>bicep build-params</c> of main.bicepparam (with example values for the
/// environment variables it reads), and <c>bicep snapshot</c>, the compiled template evaluated the way Azure Resource
/// Manager would, of two parameter files: main.bicepparam and <see cref="EveryOptionParameters"/>, which turns on every
/// optional part (all kinds of topic, an alert email, backend senders, CORS, Storage-queue ingestion off, the SignalR transport). The
/// The snapshots run on a copy of infra/ in a temporary folder, because the CLI writes them next to the parameter file.
/// </summary>
public sealed class CompiledInfra : IAsyncLifetime
{
    /// <summary>The xunit collection of the tests that read the compiled infra.</summary>
    public const string Collection = "Compiled infra";

    public const string MainPath = "infra/main.bicep";

    /// <summary>The file <see cref="EveryOptionParameters"/> is written to, next to the copy of main.bicep.</summary>
    public const string EveryOptionFile = "every-option.bicepparam";

    /// <summary>Example values of the environment variables main.bicepparam requires.</summary>
    public const string UserAudience = "api://notifier-api";
    public const string EventHandlerAudience = "api://notifier-event-handler";

    public const string AlertEmail = "operator@example.com";

    /// <summary>The region of the resource group the snapshots assume.</summary>
    public const string Location = "westeurope";

    /// <summary>Parameters of a deployment that uses every optional part of the Bicep.</summary>
    public const string EveryOptionParameters = $$"""
        using './main.bicep'

        param userTokenAudience = '{{UserAudience}}'
        param eventHandlerAudience = '{{EventHandlerAudience}}'
        param publisherTokenAudience = 'api://notifier-publishers'
        param alertEmail = '{{AlertEmail}}'
        param corsAllowedOrigins = [
          'https://app.example.com'
        ]
        param serviceBusSenderPrincipalIds = [
          '00000000-0000-0000-0000-00000000b0b0'
        ]
        param enableStorageQueueIngestion = false
        param transport = 'SignalR'
        param topics = [
          {
            group: 'announcements'
            everyone: true
          }
          {
            group: 'ops'
            role: 'ops'
          }
          {
            group: 'tenant.{value}'
            claim: 'tid'
          }
        ]
        """;

    // The deployment scope the snapshots assume: fixed, so names derived from the resource group id are too.
    private static readonly string[] Scope =
    [
        "--subscription-id", "00000000-0000-0000-0000-0000000000aa",
        "--resource-group", "rg-notifier",
        "--location", Location,
        "--tenant-id", "00000000-0000-0000-0000-0000000000bb",
    ];

    private string? _copyRoot;
    private BicepRun? _build;
    private BicepRun? _lint;
    private BicepRun? _buildParams;
    private BicepRun? _productionSnapshotRun;
    private BicepRun? _everyOptionSnapshotRun;
    private JsonElement? _template;
    private DeploymentSnapshot? _production;
    private DeploymentSnapshot? _everyOption;

    /// <summary>
    /// The environment of every run: the variables main.bicepparam reads, required ones set to the examples, optional
    /// ones removed so a developer's shell cannot change the result.
    /// </summary>
    internal static IReadOnlyDictionary<string, string?> ExampleEnvironment { get; } = new Dictionary<string, string?>(StringComparer.Ordinal)
    {
        ["NOTIFIER_USER_AUDIENCE"] = UserAudience,
        ["NOTIFIER_EVENT_HANDLER_AUDIENCE"] = EventHandlerAudience,
        ["NOTIFIER_USER_AUTHORITY"] = null,
        ["NOTIFIER_PUBLISHER_AUDIENCE"] = null,
        ["NOTIFIER_CORS_ORIGIN"] = null,
        ["NOTIFIER_ALERT_EMAIL"] = null,
    };

    /// <summary>What <c>bicep --version</c> printed.</summary>
    internal static string Version => BicepCli.Version;

    internal BicepRun Build => _build ?? throw NotRun();

    internal BicepRun Lint => _lint ?? throw NotRun();

    internal BicepRun BuildParams => _buildParams ?? throw NotRun();

    internal BicepRun ProductionSnapshotRun => _productionSnapshotRun ?? throw NotRun();

    internal BicepRun EveryOptionSnapshotRun => _everyOptionSnapshotRun ?? throw NotRun();

    /// <summary>The folder that holds the copy of infra/ (diagnostics of the snapshot runs name files under it).</summary>
    internal string CopyRoot => _copyRoot ?? throw NotRun();

    /// <summary>The ARM template <c>bicep build</c> compiled main.bicep to, modules nested in it.</summary>
    internal JsonElement Template => _template ??= ParseTemplate(Build);

    /// <summary>The deployment main.bicepparam describes (production).</summary>
    internal DeploymentSnapshot Production => _production ??= ReadSnapshot(ProductionSnapshotRun, "main.bicepparam");

    /// <summary>The deployment <see cref="EveryOptionParameters"/> describes.</summary>
    internal DeploymentSnapshot EveryOption => _everyOption ??= ReadSnapshot(EveryOptionSnapshotRun, EveryOptionFile);

    internal IEnumerable<DeploymentSnapshot> Snapshots => [Production, EveryOption];

    public async Task InitializeAsync()
    {
        _copyRoot = Directory.CreateTempSubdirectory("notifier-infra-").FullName;
        var copy = Path.Combine(_copyRoot, "infra");
        CopyFolder(Repository.FullPath("infra"), copy);
        await File.WriteAllTextAsync(Path.Combine(copy, EveryOptionFile), EveryOptionParameters);

        var infra = Repository.FullPath("infra");
        var runs = await Task.WhenAll(
            BicepCli.RunAsync(["build", "main.bicep", "--stdout"], infra, ExampleEnvironment),
            BicepCli.RunAsync(["lint", "main.bicep"], infra, ExampleEnvironment),
            BicepCli.RunAsync(["build-params", "main.bicepparam", "--stdout"], infra, ExampleEnvironment),
            BicepCli.RunAsync(["snapshot", "main.bicepparam", "--mode", "overwrite", .. Scope], copy, ExampleEnvironment),
            BicepCli.RunAsync(["snapshot", EveryOptionFile, "--mode", "overwrite", .. Scope], copy, ExampleEnvironment));
        (_build, _lint, _buildParams, _productionSnapshotRun, _everyOptionSnapshotRun) = (runs[0], runs[1], runs[2], runs[3], runs[4]);
    }

    public Task DisposeAsync()
    {
        if (_copyRoot is not null && Directory.Exists(_copyRoot))
        {
            Directory.Delete(_copyRoot, recursive: true);
        }

        return Task.CompletedTask;
    }

    private DeploymentSnapshot ReadSnapshot(BicepRun run, string parametersFile)
    {
        var file = Path.Combine(CopyRoot, "infra", Path.ChangeExtension(parametersFile, ".snapshot.json"));
        return File.Exists(file)
            ? DeploymentSnapshot.Parse($"The deployment of {parametersFile}", File.ReadAllText(file))
            : throw new InvalidOperationException($"{run.Command} wrote no snapshot:\n{run.Stderr}");
    }

    private static JsonElement ParseTemplate(BicepRun build)
    {
        if (build.ExitCode != 0 || build.Stdout.Length == 0)
        {
            throw new InvalidOperationException($"{build.Command} compiled nothing:\n{build.Stderr}");
        }

        using var document = JsonDocument.Parse(build.Stdout);
        return document.RootElement.Clone();
    }

    private static void CopyFolder(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }

        foreach (var folder in Directory.EnumerateDirectories(from))
        {
            CopyFolder(folder, Path.Combine(to, Path.GetFileName(folder)));
        }
    }

    private static InvalidOperationException NotRun() => new("The Bicep CLI has not run yet: use CompiledInfra as a collection fixture.");
}

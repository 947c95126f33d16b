namespace Notifier.Infra.Tests.Checks;

/// <summary>The Bicep of infra/, read once per test run.</summary>
internal static class InfraFiles
{
    public const string MainPath = "infra/main.bicep";
    public const string ParametersPath = "infra/main.bicepparam";
    public const string ModulesFolder = "infra/modules";

    private static readonly Lazy<BicepSource> LazyMain = new(() => Repository.ReadBicep(MainPath));
    private static readonly Lazy<BicepSource> LazyParameters = new(() => Repository.ReadBicep(ParametersPath));
    private static readonly Lazy<IReadOnlyDictionary<string, BicepSource>> LazyModules = new(ReadModules);

    public static BicepSource Main => LazyMain.Value;

    public static BicepSource Parameters => LazyParameters.Value;

    /// <summary>Modules by file name without extension, for example <c>functionapp</c>.</summary>
    public static IReadOnlyDictionary<string, BicepSource> Modules => LazyModules.Value;

    public static BicepSource FunctionApp => Module("functionapp");

    public static BicepSource Roles => Module("roles");

    /// <summary>main.bicep, the parameter file and every module.</summary>
    public static IEnumerable<BicepSource> All => [Main, Parameters, .. Modules.Values];

    /// <summary>main.bicep and every module (not the parameter file).</summary>
    public static IEnumerable<BicepSource> Templates => [Main, .. Modules.Values];

    public static BicepSource Module(string name) =>
        Modules.TryGetValue(name, out var module)
            ? module
            : throw new FileNotFoundException($"{ModulesFolder}/{name}.bicep does not exist.");

    /// <summary>Resolves a module path of main.bicep (for example <c>modules/storage.bicep</c>).</summary>
    public static BicepSource? ResolveModule(string pathFromMain)
    {
        var relative = $"infra/{pathFromMain.TrimStart('.', '/')}";
        return File.Exists(Repository.FullPath(relative)) ? Repository.ReadBicep(relative) : null;
    }

    private static Dictionary<string, BicepSource> ReadModules() =>
        Directory.EnumerateFiles(Repository.FullPath(ModulesFolder), "*.bicep")
            .Order(StringComparer.Ordinal)
            .ToDictionary(
                path => Path.GetFileNameWithoutExtension(path),
                path => Repository.ReadBicep($"{ModulesFolder}/{Path.GetFileName(path)}"),
                StringComparer.Ordinal);
}

using System.Text.RegularExpressions;

namespace Notifier.Infra.Tests.Checks;

/// <summary>
/// The Bicep linter rules this repository relies on, checked by hand because no Bicep compiler runs here:
/// explicit API versions, no secrets in outputs, no hard-coded cloud endpoints or regions, tags everywhere,
/// module and parameter-file wiring.
/// </summary>
internal static partial class BicepHygiene
{
    private static readonly string[] SecretWords = ["key", "secret", "password", "listkeys"];

    // Regions as they would appear hard-coded (a sample, not the full list; 'location:' literals are caught anyway).
    private static readonly HashSet<string> RegionNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "westeurope", "northeurope", "eastus", "eastus2", "westus", "westus2", "westus3", "centralus",
        "northcentralus", "southcentralus", "westcentralus", "uksouth", "ukwest", "francecentral",
        "germanywestcentral", "swedencentral", "switzerlandnorth", "norwayeast", "polandcentral", "italynorth",
        "spaincentral", "southeastasia", "eastasia", "australiaeast", "australiasoutheast", "japaneast",
        "japanwest", "koreacentral", "centralindia", "southindia", "canadacentral", "canadaeast", "brazilsouth",
        "southafricanorth", "uaenorth", "qatarcentral", "israelcentral", "mexicocentral",
    };

    /// <summary>Every resource names its type with an explicit API version: <c>'Namespace.Provider/type@yyyy-mm-dd[-preview]'</c>.</summary>
    public static IReadOnlyList<string> ApiVersions(BicepSource source) =>
        source.OfKind("resource")
            .Where(r => !TypeWithApiVersion().IsMatch(r.Target))
            .Select(r => $"{source.DisplayPath}: resource '{r.Name}' has type '{r.Target}' without an explicit API version "
                + "('Provider.Namespace/type@yyyy-mm-dd' or '...-preview').")
            .ToList();

    /// <summary>No output exposes a secure parameter, and no output name or value mentions keys, secrets or passwords.</summary>
    public static IReadOnlyList<string> Outputs(BicepSource source)
    {
        var findings = new List<string>();
        var secureParameters = source.OfKind("param").Where(p => p.IsSecure).Select(p => p.Name).ToList();
        foreach (var output in source.OfKind("output"))
        {
            foreach (var parameter in secureParameters)
            {
                if (Regex.IsMatch(output.Value, $@"\b{Regex.Escape(parameter)}\b", RegexOptions.None, TimeSpan.FromSeconds(1)))
                {
                    findings.Add($"{source.DisplayPath}: output '{output.Name}' exposes the @secure() parameter '{parameter}'.");
                }
            }

            foreach (var word in SecretWords)
            {
                if (output.Name.Contains(word, StringComparison.OrdinalIgnoreCase)
                    || output.Value.Contains(word, StringComparison.OrdinalIgnoreCase))
                {
                    findings.Add(
                        $"{source.DisplayPath}: output '{output.Name}' mentions '{word}' in its name or value; outputs are "
                        + "stored in the deployment history in clear text, so they must carry no keys or secrets.");
                }
            }
        }

        return findings;
    }

    /// <summary>No string literal names a cloud endpoint, and no URL literal names its host outright.</summary>
    public static IReadOnlyList<string> HardCodedEndpoints(BicepSource source) =>
        BicepScanner.StringLiterals(WithoutDecorators(source))
            .Where(literal => CloudHost().IsMatch(literal) || LiteralUrlHost().IsMatch(literal))
            .Select(literal => $"{source.DisplayPath}: '{literal}' hard-codes an endpoint; take it from environment() "
                + "(for example environment().suffixes.storage) or from the resource's properties.")
            .ToList();

    /// <summary>Locations come from parameters: no <c>location: '...'</c> and no region name literal.</summary>
    public static IReadOnlyList<string> HardCodedLocations(BicepSource source)
    {
        var findings = LocationLiteral().Matches(source.Text)
            .Select(m => $"{source.DisplayPath}: '{m.Value.Trim()}' hard-codes a location; pass the location parameter.")
            .ToList();
        findings.AddRange(BicepScanner.StringLiterals(source.Text)
            .Where(RegionNames.Contains)
            .Select(literal => $"{source.DisplayPath}: '{literal}' is a region name; locations come from parameters."));
        return findings;
    }

    /// <summary>Every new resource that has a location also carries the tags.</summary>
    public static IReadOnlyList<string> Tags(BicepSource source) =>
        source.OfKind("resource")
            .Where(r => !r.IsExisting)
            .Select(r => (Resource: r, Keys: BicepScanner.ObjectProperties(r.Value).Select(p => p.Key).ToList()))
            .Where(r => r.Keys.Contains("location", StringComparer.Ordinal) && !r.Keys.Contains("tags", StringComparer.Ordinal))
            .Select(r => $"{source.DisplayPath}: resource '{r.Resource.Name}' has a location but no tags: add `tags: tags`.")
            .ToList();

    /// <summary>Every parameter is used (the no-unused-params rule).</summary>
    public static IReadOnlyList<string> UnusedParameters(BicepSource source) =>
        source.OfKind("param")
            .Where(p => Uses(source.Text, p.Name) < 2)
            .Select(p => $"{source.DisplayPath}: parameter '{p.Name}' is never used.")
            .ToList();

    // Occurrences of the identifier, not counting object keys at the start of a line (`name: value`).
    private static int Uses(string text, string name)
    {
        var timeout = TimeSpan.FromSeconds(1);
        var all = Regex.Count(text, $@"(?<![\w.']){Regex.Escape(name)}\b", RegexOptions.None, timeout);
        var keys = Regex.Count(text, $@"^[ \t]*{Regex.Escape(name)}[ \t]*:(?!:)", RegexOptions.Multiline, timeout);
        return all - keys;
    }

    /// <summary>No file reads keys (<c>listKeys</c>, <c>listConnectionStrings</c>...) or builds key-based connection strings.</summary>
    public static IReadOnlyList<string> KeyReads(BicepSource source) =>
        KeyRead().Matches(source.Text)
            .Select(m => $"{source.DisplayPath}: '{m.Value}' reads or embeds a key; this deployment uses managed identities only.")
            .ToList();

    /// <summary>
    /// Each <c>module</c> of <paramref name="main"/> passes only parameters its file declares, and every parameter
    /// without a default.
    /// </summary>
    public static IReadOnlyList<string> ModuleParameters(BicepSource main, Func<string, BicepSource?> loadModule)
    {
        var findings = new List<string>();
        foreach (var module in main.OfKind("module"))
        {
            var target = loadModule(module.Target);
            if (target is null)
            {
                findings.Add($"{main.DisplayPath}: module '{module.Name}' refers to '{module.Target}', which does not exist.");
                continue;
            }

            var parameters = BicepScanner.ObjectProperties(module.Value)
                .Where(p => string.Equals(p.Key, "params", StringComparison.Ordinal))
                .SelectMany(p => BicepScanner.ObjectProperties(p.Value))
                .Select(p => p.Key)
                .ToHashSet(StringComparer.Ordinal);
            var declared = target.OfKind("param").ToList();
            findings.AddRange(parameters
                .Where(p => !declared.Any(d => string.Equals(d.Name, p, StringComparison.Ordinal)))
                .Select(p => $"{main.DisplayPath}: module '{module.Name}' passes '{p}', which {target.DisplayPath} does not declare."));
            findings.AddRange(declared
                .Where(d => !d.HasValue && !parameters.Contains(d.Name))
                .Select(d => $"{main.DisplayPath}: module '{module.Name}' does not pass '{d.Name}', which {target.DisplayPath} requires."));
        }

        return findings;
    }

    /// <summary>The parameter file targets <paramref name="main"/>, sets only its parameters and every required one.</summary>
    public static IReadOnlyList<string> ParameterFile(BicepSource parameterFile, BicepSource main, string expectedUsing)
    {
        var findings = new List<string>();
        var usingTarget = parameterFile.OfKind("using")
            .Select(u => BicepScanner.StringLiterals(u.Text) is [var first, ..] ? first : null)
            .FirstOrDefault();
        if (!string.Equals(usingTarget, expectedUsing, StringComparison.Ordinal))
        {
            findings.Add($"{parameterFile.DisplayPath}: expected `using '{expectedUsing}'`, found '{usingTarget}'.");
        }

        var declared = main.OfKind("param").ToList();
        var set = parameterFile.OfKind("param").Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        findings.AddRange(set
            .Where(name => !declared.Any(d => string.Equals(d.Name, name, StringComparison.Ordinal)))
            .Select(name => $"{parameterFile.DisplayPath}: sets '{name}', which {main.DisplayPath} does not declare."));
        findings.AddRange(declared
            .Where(d => !d.HasValue && !set.Contains(d.Name))
            .Select(d => $"{parameterFile.DisplayPath}: does not set '{d.Name}', which {main.DisplayPath} requires."));
        return findings;
    }

    // Descriptions may show example URLs; only what is deployed counts.
    private static string WithoutDecorators(BicepSource source) => string.Join('\n', source.Declarations.Select(d => d.Text));

    [GeneratedRegex(@"^[A-Za-z0-9]+\.[A-Za-z0-9]+(/[A-Za-z0-9]+)+@\d{4}-\d{2}-\d{2}(-preview)?$")]
    private static partial Regex TypeWithApiVersion();

    [GeneratedRegex(@"(?i)(?<![\w$])[\w.-]*\.(windows\.net|azure\.com|azure\.net|microsoftonline\.com|chinacloudapi\.cn|usgovcloudapi\.net|azure\.us)\b")]
    private static partial Regex CloudHost();

    [GeneratedRegex(@"(?i)\bhttps?://(?!\$\{)")]
    private static partial Regex LiteralUrlHost();

    [GeneratedRegex(@"\blocation:\s*'[^']*'")]
    private static partial Regex LocationLiteral();

    [GeneratedRegex(@"(?i)\blist(Keys|ConnectionStrings|Secrets|AccountSas|ServiceSas)\s*\(|AccountKey=|AccessKey=|SharedAccessKey")]
    private static partial Regex KeyRead();
}

using System.Text.Json;
using System.Text.RegularExpressions;

namespace Notifier.Infra.Tests.Checks;

/// <summary>
/// Outputs of a deployment are readable by anyone who can read the deployment: none may carry a key, a connection
/// string or another secret, by name or by value.
/// </summary>
internal static partial class SecretOutputs
{
    /// <summary>
    /// Every output of a compiled template and of the module templates nested in it: where (the template's
    /// deployment name), the output's name and its value expression.
    /// </summary>
    public static IEnumerable<TemplateOutput> OfTemplate(JsonElement template, string where) =>
        OwnOutputs(template, where).Concat(
            CompiledTemplate.Resources(template, where)
                .Select(r => CompiledTemplate.Nested(r.Resource))
                .OfType<(string Name, JsonElement Template)>()
                .SelectMany(nested => OwnOutputs(nested.Template, nested.Name)));

    /// <summary>The outputs whose name or value looks like a secret, one finding each.</summary>
    public static IReadOnlyList<string> Check(IEnumerable<TemplateOutput> outputs) =>
        outputs
            .Where(o => SecretName().IsMatch(o.Name) || SecretValue().IsMatch(o.Value))
            .Select(o => $"{o.Where}: output '{o.Name}' ({o.Value}) looks like a secret: outputs are stored with the deployment, "
                + "readable by anyone with read access; give callers a role instead.")
            .ToList();

    /// <summary>Whether a compiled template calls a <c>list*</c> function (listKeys, listSecrets, listConnectionStrings...).</summary>
    public static IReadOnlyList<string> KeyReads(string templateJson) =>
        ListFunction().Matches(templateJson).Select(m => m.Value).Distinct(StringComparer.Ordinal).ToList();

    private static IEnumerable<TemplateOutput> OwnOutputs(JsonElement template, string where) =>
        template.TryGetProperty("outputs", out var outputs) && outputs.ValueKind == JsonValueKind.Object
            ? outputs.EnumerateObject().Select(o => new TemplateOutput(where, o.Name, o.Value.TryGetProperty("value", out var v) ? v.ToString() : ""))
            : [];

    [GeneratedRegex("key|secret|password|connectionstring|credential|token|sas", RegexOptions.IgnoreCase)]
    private static partial Regex SecretName();

    [GeneratedRegex(@"\blist[A-Za-z]*\(|AccountKey=|SharedAccessKey|AccessKey=|InstrumentationKey=|ConnectionString|\.keys\b", RegexOptions.IgnoreCase)]
    private static partial Regex SecretValue();

    [GeneratedRegex(@"\blist[A-Za-z]*\(")]
    private static partial Regex ListFunction();
}

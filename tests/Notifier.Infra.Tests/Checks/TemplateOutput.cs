namespace Notifier.Infra.Tests.Checks;

/// <summary>An output of a compiled template: where it is declared, its name and its value (an expression or a literal).</summary>
internal sealed record TemplateOutput(string Where, string Name, string Value);

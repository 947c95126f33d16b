namespace Notifier.Infra.Tests.Checks;

/// <summary>One finished run of the Bicep CLI.</summary>
internal sealed record BicepRun(IReadOnlyList<string> Arguments, int ExitCode, string Stdout, string Stderr)
{
    public string Command => "bicep " + string.Join(' ', Arguments);

    /// <summary>What the compiler reported on standard error, one diagnostic a line.</summary>
    public IReadOnlyList<BicepDiagnostic> Diagnostics => BicepDiagnostic.ParseAll(Stderr);

    /// <summary>
    /// Everything that makes the run unclean: a non-zero exit code and every diagnostic, whatever its level (the
    /// compiler and the linter must have nothing to say); <paramref name="root"/> is shortened to a relative path.
    /// </summary>
    public IReadOnlyList<string> Problems(string root)
    {
        var problems = Diagnostics.Select(d => d.Describe(root)).ToList();
        if (ExitCode != 0)
        {
            problems.Insert(0, $"{Command} exited with {ExitCode}.");
        }

        return problems;
    }
}

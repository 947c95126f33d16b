using Notifier.Emulator.Tests.Infrastructure;
using Xunit.Sdk;

namespace Notifier.Client.Tests.Infrastructure;

/// <summary>Runs one of this project's js/ scripts with Node (through the emulator tests' <see cref="NodeScript"/>).</summary>
public static class ClientScript
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(45);

    public static Task RunAsync(string script, ClientStackFixture? stack = null) =>
        RunAsync(script, stack?.ScriptEnvironment, stack is null ? null : () => stack.App.Output);

    public static Task RunAsync(string script, SignalRClientStackFixture stack) =>
        RunAsync(script, stack.ScriptEnvironment, () => stack.App.Output);

    private static async Task RunAsync(string script, IDictionary<string, string>? environment, Func<string>? appOutput)
    {
        // NodeScript resolves scripts under the emulator tests' js folder; ours live in this project's js/.
        var path = Path.Combine("..", "..", "..", "Notifier.Client.Tests", "js", script);
        try
        {
            await NodeScript.RunAsync(path, environment ?? new Dictionary<string, string>(), Timeout);
        }
        catch (XunitException failure) when (appOutput is not null)
        {
            throw new XunitException($"{failure.Message}\n--- function app output ---\n{appOutput()}");
        }
    }
}

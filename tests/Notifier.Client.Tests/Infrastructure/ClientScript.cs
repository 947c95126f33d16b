using Notifier.Emulator.Tests.Infrastructure;
using Xunit.Sdk;

namespace Notifier.Client.Tests.Infrastructure;

/// <summary>Runs one of this project's js/ scripts with Node (through the emulator tests' <see cref="NodeScript"/>).</summary>
public static class ClientScript
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(45);

    public static async Task RunAsync(string script, ClientStackFixture? stack = null)
    {
        // NodeScript resolves scripts under the emulator tests' js folder; ours live in this project's js/.
        var path = Path.Combine("..", "..", "..", "Notifier.Client.Tests", "js", script);
        try
        {
            await NodeScript.RunAsync(path, stack?.ScriptEnvironment ?? new Dictionary<string, string>(), Timeout);
        }
        catch (XunitException failure) when (stack is not null)
        {
            throw new XunitException($"{failure.Message}\n--- function app output ---\n{stack.App.Output}");
        }
    }
}

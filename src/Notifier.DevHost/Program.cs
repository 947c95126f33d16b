using System.Runtime.InteropServices;
using Notifier.DevHost.Processes;
using Notifier.DevHost.Stack;
using Notifier.DevHost.Startup;

// The local stack: `dotnet run --project src/Notifier.DevHost`. Ctrl+C or SIGTERM stops everything it started.
var (options, error, help) = LocalStackOptions.Parse(args);
if (help)
{
    Console.WriteLine(LocalStackOptions.Usage);
    return 0;
}

if (options is null)
{
    await Console.Error.WriteLineAsync("error: " + error).ConfigureAwait(false);
    return 2;
}

// Read before the handlers below are registered, so it is the disposition the stack was started with.
var sigintIgnored = InheritedSignals.IsSigintIgnored();
if (sigintIgnored)
{
    Console.WriteLine(Banner.SigintIgnoredLine(Environment.ProcessId));
}

using var stop = new CancellationTokenSource();
var signal = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
void OnSignal(PosixSignalContext context)
{
    // Handled here, so the runtime does not exit before the children are stopped.
    context.Cancel = true;
    if (signal.TrySetResult(context.Signal.ToString()))
    {
        stop.Cancel();
    }
}

using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
using var sigquit = PosixSignalRegistration.Create(PosixSignal.SIGQUIT, OnSignal);

LocalStack stack;
try
{
    stack = await LocalStack.StartAsync(options, Console.Out, stop.Token).ConfigureAwait(false);
}
catch (StartupException ex)
{
    await Console.Error.WriteLineAsync("error: " + ex.Message).ConfigureAwait(false);
    return 1;
}
catch (OperationCanceledException) when (stop.IsCancellationRequested)
{
    Console.WriteLine("Stopped before the stack was up.");
    return 0;
}

var exitCode = 0;
await using (stack.ConfigureAwait(false))
{
    Banner.Print(stack, Console.Out, sigintIgnored);
    var first = await Task.WhenAny(signal.Task, stack.Failed).ConfigureAwait(false);
    if (first == stack.Failed)
    {
        await Console.Error.WriteLineAsync("error: " + await stack.Failed.ConfigureAwait(false) + " Stopping the local stack.").ConfigureAwait(false);
        exitCode = 1;
    }
    else
    {
        Console.WriteLine();
        Console.WriteLine(stack.DescribeStop());
    }
}

Console.WriteLine("Local stack stopped.");
return exitCode;

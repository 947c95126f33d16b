using System.Diagnostics;

namespace Notifier.Azure.Storage.Core;

/// <summary>Unwraps the result of a shared <c>bool async</c> implementation called with <c>async: false</c>.</summary>
internal static class TaskExtensions
{
    public static T EnsureCompleted<T>(this Task<T> task)
    {
        // With async == false every await inside completed synchronously, so this never blocks.
        Debug.Assert(task.IsCompleted, "A synchronous call path returned an incomplete task.");
        return task.GetAwaiter().GetResult();
    }
}

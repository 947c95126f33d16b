namespace Notifier.Emulator.DataPlane.Filtering;

/// <summary>
/// The state of evaluating one filter against one connection at a time: the connection and a scratch buffer for the
/// strings that functions such as <c>tolower</c> and <c>concat</c> produce. One per request, reused for every
/// connection, so per-connection evaluation allocates nothing once the buffer has grown to fit. Not thread-safe.
/// </summary>
internal sealed class FilterContext
{
    private char[] _scratch = new char[256];
    private int _used;

    public IFilterSubject Subject { get; private set; } = null!;

    /// <summary>Starts an evaluation: strings written for the previous subject are dead by now, so the buffer is reused.</summary>
    public void Reset(IFilterSubject subject)
    {
        Subject = subject;
        _used = 0;
    }

    /// <summary>Space for a string of <paramref name="length"/> characters, valid until the next <see cref="Reset"/>.</summary>
    public Memory<char> Allocate(int length)
    {
        if (_scratch.Length - _used < length)
        {
            // Values already handed out keep the old array alive, so it is simply replaced.
            _scratch = new char[Math.Max(_scratch.Length * 2, length)];
            _used = 0;
        }

        var memory = _scratch.AsMemory(_used, length);
        _used += length;
        return memory;
    }
}

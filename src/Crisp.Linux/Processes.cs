namespace Crisp.Linux;

/// <summary>Signals to processes by pid.</summary>
public static class Processes
{
    public const int SigTerm = 15;
    public const int SigKill = 9;
    public const int SigHup = 1;

    /// <summary>Sends a signal; returns false when the process does not exist.</summary>
    public static bool Signal(int pid, int signal) => Libc.Kill(pid, signal) == 0;

    /// <summary>Whether a process with this pid exists (signal 0).</summary>
    public static bool Exists(int pid) => Libc.Kill(pid, 0) == 0 || System.Runtime.InteropServices.Marshal.GetLastPInvokeError() == 1;
}

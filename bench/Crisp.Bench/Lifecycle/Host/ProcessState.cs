namespace Crisp.Bench.Lifecycle.Host;

/// <summary>Process checks by pid.</summary>
internal static class ProcessState
{
    /// <summary>True when the pid is gone or a zombie.</summary>
    public static bool HasExited(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var state = stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[0];
            return state is "Z" or "X";
        }
        catch (IOException)
        {
            return true;
        }
    }
}

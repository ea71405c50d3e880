namespace Crisp.Bench.Lifecycle.Host;

/// <summary>Resident memory of one process or a group of processes, in MiB.</summary>
internal sealed record MemoryUse(int Processes, double VmRssMib, double PssMib)
{
    public static MemoryUse Of(IEnumerable<int> pids)
    {
        long rss = 0, pss = 0;
        var count = 0;
        foreach (var pid in pids)
        {
            var vmRss = ProcessTable.VmRssKib(pid);
            if (vmRss == 0)
            {
                continue;
            }

            count++;
            rss += vmRss;
            pss += ProcessTable.PssKib(pid);
        }

        return new MemoryUse(count, Mib(rss), Mib(pss));
    }

    public static MemoryUse Of(int pid) => Of([pid]);

    private static double Mib(long kib) => Math.Round(kib / 1024.0, 2);
}

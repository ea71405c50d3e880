namespace Crisp.Core.Stats;

/// <summary>Reads a cgroup's counters straight from the cgroup file system (v1 controllers or the v2 tree).</summary>
public interface ICgroupStatsReader
{
    /// <summary>
    /// The counters of the cgroup at <paramref name="cgroupPath"/> (as runc names it, e.g. <c>/kubepods/pod1/crisp-ID</c>),
    /// or null when the cgroup does not exist or disappears while it is read (a container exiting). Never throws for that.
    /// </summary>
    CgroupSample? Read(string cgroupPath, long timestamp);
}

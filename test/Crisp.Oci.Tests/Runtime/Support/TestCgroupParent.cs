[assembly: AssemblyFixture(typeof(Crisp.Oci.Tests.Runtime.Support.TestCgroupParent))]

namespace Crisp.Oci.Tests.Runtime.Support;

/// <summary>
/// The cgroup parent every test container goes below (<c>/crisp-test</c>), removed once after the last test. A test
/// that removed it when it finished could pull it away from another test's <c>runc create</c> halfway through
/// (runc creates the parent, then fails to write its cpuset files).
/// </summary>
public sealed class TestCgroupParent : IDisposable
{
    public const string Path = "/crisp-test";

    public void Dispose() => CgroupCleanup.RemoveIfEmpty(Path);
}

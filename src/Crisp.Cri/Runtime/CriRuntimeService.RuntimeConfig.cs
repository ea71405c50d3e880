using Grpc.Core;
using Runtime.V1;

namespace Crisp.Cri.Runtime;

public sealed partial class CriRuntimeService
{
    public override Task<RuntimeConfigResponse> RuntimeConfig(RuntimeConfigRequest request, ServerCallContext context)
    {
        var driver = string.Equals(_config.Current.Runtime.CgroupManager, "systemd", StringComparison.Ordinal)
            ? CgroupDriver.Systemd
            : CgroupDriver.Cgroupfs;
        return Task.FromResult(new RuntimeConfigResponse
        {
            Linux = new LinuxRuntimeConfiguration { CgroupDriver = driver },
        });
    }
}

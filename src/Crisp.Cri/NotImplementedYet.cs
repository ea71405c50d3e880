using Grpc.Core;

namespace Crisp.Cri;

/// <summary>The answer of an RPC crisp does not serve yet: Unimplemented, with a message that says which.</summary>
internal static class NotImplementedYet
{
    public static RpcException For(string service, string rpc) =>
        new(new Status(StatusCode.Unimplemented, $"{service}.{rpc} is not implemented by crisp yet"));
}

using Crisp.Core.Sandboxes;
using Crisp.Core.State;
using Grpc.Core;

namespace Crisp.Cri.Runtime;

public sealed partial class CriRuntimeService
{
    /// <summary>Runs a pod sandbox call and answers its failures with a gRPC status and the message as it is.</summary>
    private static async Task<T> SandboxCall<T>(Func<Task<T>> call)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (SandboxException e)
        {
            throw new RpcException(new Status(Code(e.Kind), e.Message));
        }
        catch (NameReservedException e)
        {
            throw new RpcException(new Status(StatusCode.AlreadyExists, e.Message));
        }
    }

    private static StatusCode Code(SandboxErrorKind kind) => kind switch
    {
        SandboxErrorKind.InvalidArgument or SandboxErrorKind.Ambiguous => StatusCode.InvalidArgument,
        SandboxErrorKind.NotFound => StatusCode.NotFound,
        _ => StatusCode.Unknown,
    };
}

using Crisp.Core.Containers;
using Crisp.Core.Sandboxes;
using Crisp.Core.State;
using Grpc.Core;

namespace Crisp.Cri.Runtime;

public sealed partial class CriRuntimeService
{
    /// <summary>Runs a pod sandbox or container call and answers its failures with a gRPC status and the message as it is.</summary>
    private static async Task<T> Call<T>(Func<Task<T>> call)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (SandboxException e)
        {
            throw new RpcException(new Status(Code(e.Kind), e.Message));
        }
        catch (ContainerException e)
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

    private static StatusCode Code(ContainerErrorKind kind) => kind switch
    {
        ContainerErrorKind.InvalidArgument => StatusCode.InvalidArgument,
        ContainerErrorKind.NotFound => StatusCode.NotFound,
        ContainerErrorKind.AlreadyExists => StatusCode.AlreadyExists,
        ContainerErrorKind.FailedPrecondition => StatusCode.FailedPrecondition,
        ContainerErrorKind.DeadlineExceeded => StatusCode.DeadlineExceeded,
        _ => StatusCode.Unknown,
    };
}

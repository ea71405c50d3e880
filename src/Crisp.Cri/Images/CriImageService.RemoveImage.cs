using Crisp.Images.Local;
using Grpc.Core;
using Runtime.V1;

namespace Crisp.Cri.Images;

public sealed partial class CriImageService
{
    public override Task<RemoveImageResponse> RemoveImage(RemoveImageRequest request, ServerCallContext context)
    {
        var name = request.Image?.Image;
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, "RemoveImage needs an image name or ID"));
        }

        try
        {
            // Removing an image that is already gone succeeds: the kubelet retries.
            _catalog.Remove(name, _usage.IsInUse);
        }
        catch (ImageInUseException e)
        {
            throw new RpcException(new Status(StatusCode.FailedPrecondition, e.Message));
        }
        catch (AmbiguousImageException e)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, e.Message));
        }

        return Task.FromResult(new RemoveImageResponse());
    }
}

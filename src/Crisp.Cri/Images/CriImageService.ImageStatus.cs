using Grpc.Core;
using Runtime.V1;

namespace Crisp.Cri.Images;

public sealed partial class CriImageService
{
    public override Task<ImageStatusResponse> ImageStatus(ImageStatusRequest request, ServerCallContext context) =>
        throw NotImplementedYet.For(ServiceName, nameof(ImageStatus));
}

using Grpc.Core;
using Runtime.V1;

namespace Crisp.Cri.Images;

public sealed partial class CriImageService
{
    public override Task StreamImages(StreamImagesRequest request, IServerStreamWriter<StreamImagesResponse> responseStream, ServerCallContext context) =>
        throw NotImplementedYet.For(ServiceName, nameof(StreamImages));
}

using Grpc.Core;
using Runtime.V1;

namespace Crisp.Cri.Images;

public sealed partial class CriImageService
{
    public override Task<ListImagesResponse> ListImages(ListImagesRequest request, ServerCallContext context)
    {
        var filter = request.Filter?.Image?.Image;
        var images = string.IsNullOrEmpty(filter)
            ? _catalog.List()
            : FindOrNone(filter) is { } one ? [one] : [];

        var response = new ListImagesResponse();
        foreach (var image in images)
        {
            response.Images.Add(ToCri(image));
        }

        return Task.FromResult(response);
    }
}

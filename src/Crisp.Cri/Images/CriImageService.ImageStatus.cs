using System.Text;
using System.Text.Json;
using Grpc.Core;
using Runtime.V1;

namespace Crisp.Cri.Images;

public sealed partial class CriImageService
{
    public override Task<ImageStatusResponse> ImageStatus(ImageStatusRequest request, ServerCallContext context)
    {
        var name = request.Image?.Image;
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, "ImageStatus needs an image name or ID"));
        }

        // An unknown image is not an error in the CRI: the response simply has no image.
        var response = new ImageStatusResponse();
        if (FindOrNone(name) is not { } image)
        {
            return Task.FromResult(response);
        }

        response.Image = ToCri(image);
        if (request.Verbose)
        {
            response.Info["info"] = VerboseInfo(image);
        }

        return Task.FromResult(response);
    }

    /// <summary>What crictl inspecti prints under "info": the image's OCI config, its layers and manifest digest.</summary>
    private string VerboseInfo(Crisp.Storage.Images.StoredImage image)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("id", image.Id);
            json.WriteString("manifestDigest", image.ManifestDigest);
            json.WriteStartArray("layers");
            foreach (var layer in image.Layers)
            {
                json.WriteStringValue(layer);
            }

            json.WriteEndArray();
            json.WritePropertyName("imageSpec");
            json.WriteRawValue(_catalog.Images.ReadConfig(image.Id), skipInputValidation: false);
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}

using Runtime.V1;

namespace Crisp.Cri.Images;

/// <summary>
/// The CRI ImageService. Each RPC lives in its own file, <c>CriImageService.&lt;Rpc&gt;.cs</c>.
/// </summary>
public sealed partial class CriImageService : ImageService.ImageServiceBase
{
    private const string ServiceName = "ImageService";
}

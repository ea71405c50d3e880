using Crisp.Core;
using Crisp.Images.Local;
using Crisp.Images.Pull;
using Microsoft.Extensions.Logging;
using Runtime.V1;

namespace Crisp.Cri.Images;

/// <summary>
/// The CRI ImageService. Each RPC lives in its own file, <c>CriImageService.&lt;Rpc&gt;.cs</c>.
/// </summary>
public sealed partial class CriImageService : ImageService.ImageServiceBase
{
    private const string ServiceName = "ImageService";

    private readonly ImagePuller _puller;
    private readonly ImageCatalog _catalog;
    private readonly IImageUsage _usage;
    private readonly ICrispConfigSource _config;
    private readonly TimeProvider _time;
    private readonly ILogger<CriImageService> _logger;

    public CriImageService(
        ImagePuller puller, ImageCatalog catalog, IImageUsage usage, ICrispConfigSource config, TimeProvider time, ILogger<CriImageService> logger)
    {
        _puller = puller;
        _catalog = catalog;
        _usage = usage;
        _config = config;
        _time = time;
        _logger = logger;
    }
}

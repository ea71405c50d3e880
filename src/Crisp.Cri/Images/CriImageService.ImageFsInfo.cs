using Grpc.Core;
using Runtime.V1;

namespace Crisp.Cri.Images;

public sealed partial class CriImageService
{
    public override Task<ImageFsInfoResponse> ImageFsInfo(ImageFsInfoRequest request, ServerCallContext context)
    {
        var usage = _catalog.Usage();
        var response = new ImageFsInfoResponse();
        response.ImageFilesystems.Add(new FilesystemUsage
        {
            Timestamp = _time.GetUtcNow().ToUnixTimeMilliseconds() * 1_000_000,
            FsId = new FilesystemIdentifier { Mountpoint = usage.Directory },
            UsedBytes = new UInt64Value { Value = (ulong)usage.Bytes },
            InodesUsed = new UInt64Value { Value = (ulong)usage.Inodes },
        });
        return Task.FromResult(response);
    }
}

using Crisp.Images.Credentials;
using Crisp.Images.Pull;
using Grpc.Core;
using Runtime.V1;

namespace Crisp.Cri.Images;

public sealed partial class CriImageService
{
    public override async Task<PullImageResponse> PullImage(PullImageRequest request, ServerCallContext context)
    {
        var name = request.Image?.Image;
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, "PullImage needs an image name"));
        }

        try
        {
            var pulled = await _puller.PullAsync(name, ToCriAuth(request.Auth), context.CancellationToken).ConfigureAwait(false);
            return new PullImageResponse { ImageRef = pulled.RepoDigest };
        }
        catch (ImagePullException e)
        {
            throw new RpcException(new Status(ToStatusCode(e.Failure), e.Message));
        }
    }

    private static CriAuthConfig? ToCriAuth(AuthConfig? auth) =>
        auth is null
            ? null
            : new CriAuthConfig(
                NullIfEmpty(auth.Username),
                NullIfEmpty(auth.Password),
                NullIfEmpty(auth.Auth),
                NullIfEmpty(auth.ServerAddress),
                NullIfEmpty(auth.IdentityToken),
                NullIfEmpty(auth.RegistryToken));

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;

    private static StatusCode ToStatusCode(ImagePullFailure failure) => failure switch
    {
        ImagePullFailure.InvalidReference => StatusCode.InvalidArgument,
        ImagePullFailure.NotAllowed => StatusCode.FailedPrecondition,
        ImagePullFailure.NotFound => StatusCode.NotFound,
        ImagePullFailure.Unauthorized => StatusCode.PermissionDenied,
        ImagePullFailure.BadContent => StatusCode.DataLoss,
        _ => StatusCode.Unavailable,
    };
}

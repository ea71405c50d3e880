using Crisp.Storage.Images;

namespace Crisp.Images.Pull;

/// <summary>The result of a pull: the stored image and the <c>repository@digest</c> reference it was pulled as.</summary>
public sealed record PulledImage(StoredImage Image, string RepoDigest);

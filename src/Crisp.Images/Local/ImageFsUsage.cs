namespace Crisp.Images.Local;

/// <summary>What the image filesystem holds: bytes and inodes of all layers.</summary>
public sealed record ImageFsUsage(string Directory, long Bytes, long Inodes);

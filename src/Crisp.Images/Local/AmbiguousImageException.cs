namespace Crisp.Images.Local;

/// <summary>An ID prefix that matches more than one image.</summary>
public sealed class AmbiguousImageException(string message) : Exception(message);

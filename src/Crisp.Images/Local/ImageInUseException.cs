namespace Crisp.Images.Local;

/// <summary>An image a container still uses.</summary>
public sealed class ImageInUseException(string message) : Exception(message);

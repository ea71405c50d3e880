namespace Crisp.Images.Registries;

/// <summary>A registries.conf (or drop-in) file that cannot be read or is invalid.</summary>
public sealed class RegistriesConfigException : Exception
{
    public RegistriesConfigException(string message)
        : base(message)
    {
    }

    public RegistriesConfigException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

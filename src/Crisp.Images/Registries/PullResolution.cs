namespace Crisp.Images.Registries;

/// <summary>How the requested name became its candidates.</summary>
public enum PullResolution
{
    /// <summary>The request named a registry; it is the only candidate.</summary>
    FullyQualified,

    /// <summary>A short name resolved through an <c>[aliases]</c> entry.</summary>
    Alias,

    /// <summary>A short name completed with <c>unqualified-search-registries</c>.</summary>
    SearchRegistries,
}

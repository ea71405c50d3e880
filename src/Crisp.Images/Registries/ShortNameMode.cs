namespace Crisp.Images.Registries;

/// <summary>registries.conf <c>short-name-mode</c>: how an unqualified name with several search registries is handled.</summary>
public enum ShortNameMode
{
    /// <summary>Exactly one candidate is used; several candidates are an error (crisp never has a TTY to prompt on).</summary>
    Enforcing,

    /// <summary>Try every unqualified-search registry in order (the registries.conf default).</summary>
    Permissive,

    /// <summary>Try every unqualified-search registry in order, without prompting.</summary>
    Disabled,
}

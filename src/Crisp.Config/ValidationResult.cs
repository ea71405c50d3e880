namespace Crisp.Config;

/// <summary>The outcome of <see cref="ConfigValidator.Check"/>.</summary>
/// <param name="Errors">Problems that prevent starting (or reloading).</param>
/// <param name="Warnings">Problems crisp works around, e.g. a non-default handler whose binary is missing.</param>
public sealed record ValidationResult(IReadOnlyList<ConfigIssue> Errors, IReadOnlyList<ConfigIssue> Warnings)
{
    /// <summary>True when there are no errors.</summary>
    public bool IsValid => Errors.Count == 0;
}

namespace Crisp.Images.Policy;

/// <summary>Requirement types of containers-policy.json(5).</summary>
internal enum PolicyRequirementType
{
    InsecureAcceptAnything,
    Reject,
    SignedBy,
    SigstoreSigned,
    SignedBaseLayer,
}

/// <summary>One requirement object; crisp only needs its type (signatures are not verified).</summary>
internal sealed record PolicyRequirement(PolicyRequirementType Type, string TypeName)
{
    public static PolicyRequirement FromTypeName(string typeName) => typeName switch
    {
        "insecureAcceptAnything" => new(PolicyRequirementType.InsecureAcceptAnything, typeName),
        "reject" => new(PolicyRequirementType.Reject, typeName),
        "signedBy" => new(PolicyRequirementType.SignedBy, typeName),
        "sigstoreSigned" => new(PolicyRequirementType.SigstoreSigned, typeName),
        "signedBaseLayer" => new(PolicyRequirementType.SignedBaseLayer, typeName),
        _ => throw new FormatException($"unknown policy requirement type \"{typeName}\""),
    };

    /// <summary>True for the types that need only "type" (containers/image rejects any other field on them).</summary>
    public bool IsSimple => Type is PolicyRequirementType.InsecureAcceptAnything or PolicyRequirementType.Reject;
}

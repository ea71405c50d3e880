namespace Crisp.Images.Registries;

/// <summary><c>pull-from-mirror</c> of a <c>[[registry.mirror]]</c> table.</summary>
internal enum MirrorPullPolicy
{
    /// <summary><c>all</c> (or unset): the mirror serves tag and digest pulls.</summary>
    All,

    /// <summary><c>digest-only</c>: the mirror is used only for references with a digest.</summary>
    DigestOnly,

    /// <summary><c>tag-only</c>: the mirror is used only for references without a digest.</summary>
    TagOnly,
}

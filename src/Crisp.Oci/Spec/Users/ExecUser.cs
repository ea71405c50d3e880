namespace Crisp.Oci.Spec.Users;

/// <summary>Who a container process runs as, resolved against the image's passwd and group files.</summary>
/// <param name="Uid">User ID.</param>
/// <param name="Gid">Primary group ID.</param>
/// <param name="SupplementaryGids">Groups listing the user as a member (only when the group was not given explicitly).</param>
/// <param name="Home">Home directory from passwd, "/" when the user has no entry.</param>
internal sealed record ExecUser(uint Uid, uint Gid, IReadOnlyList<uint> SupplementaryGids, string Home);

using Tomlyn.Model;
using Tomlyn.Serialization;

namespace Crisp.Images.Registries;

/// <summary>Source-generated (reflection-free) Tomlyn metadata for reading documents as <see cref="TomlTable"/>.</summary>
[TomlSerializable(typeof(TomlTable))]
internal sealed partial class TomlModelContext : TomlSerializerContext
{
}

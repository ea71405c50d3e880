namespace Crisp.Oci.Runtime;

/// <summary>A terminal's size in character cells.</summary>
public readonly record struct TerminalSize(ushort Width, ushort Height);

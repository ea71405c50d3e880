namespace Crisp.Server;

/// <summary>The daemon cannot start; the message says why, in words an operator can act on.</summary>
public sealed class DaemonStartupException(string message, Exception? inner = null) : Exception(message, inner);

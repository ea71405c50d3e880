using System.CommandLine;

namespace Crisp.Ctl;

/// <summary>crictl's global flags; like crictl's they come before the subcommand (<c>crisp ctl -r unix:///x.sock pods</c>).</summary>
internal sealed class CtlOptions
{
    public Option<string?> RuntimeEndpoint { get; } = new("--runtime-endpoint", "-r")
    {
        Description = "Endpoint of the CRI container runtime service (env CONTAINER_RUNTIME_ENDPOINT; default unix:///run/crisp/crisp.sock)",
    };

    public Option<string?> ImageEndpoint { get; } = new("--image-endpoint", "-i")
    {
        Description = "Endpoint of the CRI image manager service (env IMAGE_SERVICE_ENDPOINT; default: the runtime endpoint)",
    };

    public Option<string?> Timeout { get; } = new("--timeout", "-t")
    {
        Description = "Timeout of connecting to the server and of each call, e.g. 2s or 1m (0 = no timeout)",
    };

    public Option<string?> Config { get; } = new("--config", "-c")
    {
        Description = "Location of the client config file (env CRI_CONFIG_FILE; default /etc/crictl.yaml)",
    };

    public Option<bool> Debug { get; } = new("--debug", "-D") { Description = "Enable debug mode (print the resolved endpoints)" };

    public void AddTo(Command command)
    {
        command.Options.Add(RuntimeEndpoint);
        command.Options.Add(ImageEndpoint);
        command.Options.Add(Timeout);
        command.Options.Add(Config);
        command.Options.Add(Debug);
    }
}

using System.CommandLine;
using System.Diagnostics;
using Crisp.Ctl.Input;
using Runtime.V1;

namespace Crisp.Ctl.Commands;

/// <summary><c>crisp ctl pull [--creds USER:PASS | --auth BASE64] [--pod-config POD.json] IMAGE</c>.</summary>
internal static class PullCommand
{
    public static Command Build(CtlOptions options)
    {
        var image = new Argument<string>("IMAGE") { Description = "The image to pull, e.g. busybox or registry.example/ns/app:1.0" };
        var pull = new PullFlags();
        var podConfig = new Option<string?>("--pod-config") { Description = "Use the pod sandbox config file (JSON or YAML) for the pull" };
        var command = new Command("pull", "Pull an image from a registry") { image, podConfig };
        pull.AddTo(command);
        command.SetAction(options, async (ctx, parse, ct) =>
        {
            var sandbox = parse.GetValue(podConfig) is { } path ? ConfigFiles.Load(path, PodSandboxConfig.Parser, "pod sandbox config") : null;
            var reference = await PullAsync(ctx, parse.GetValue(image)!, pull.Auth(parse), sandbox, ct);
            Console.Out.WriteLine($"Image is up to date for {reference}");
            return 0;
        });
        return command;
    }

    /// <summary>PullImage (no deadline: pulls take as long as they take), with the elapsed time shown while stdout is a terminal.</summary>
    public static async Task<string> PullAsync(CtlContext ctx, string image, AuthConfig? auth, PodSandboxConfig? sandbox, CancellationToken ct)
    {
        var request = new PullImageRequest { Image = new ImageSpec { Image = image }, Auth = auth, SandboxConfig = sandbox };
        var call = ctx.Images.PullImageAsync(request, cancellationToken: ct);
        if (Console.IsOutputRedirected)
        {
            return (await call).ImageRef;
        }

        var clock = Stopwatch.StartNew();
        var response = call.ResponseAsync;
        while (await Task.WhenAny(response, Task.Delay(TimeSpan.FromMilliseconds(250), ct)) != response)
        {
            Console.Out.Write($"\rPulling image {image} ... {clock.Elapsed.TotalSeconds:0.0}s");
        }

        Console.Out.Write("\r\u001b[K");
        return (await response).ImageRef;
    }
}

/// <summary>The credential flags of pull, create and run: <c>--creds USER[:PASS]</c>, <c>--auth BASE64</c>, <c>--username</c>/<c>--password</c>.</summary>
internal sealed class PullFlags
{
    private readonly Option<string?> _creds = new("--creds") { Description = "Use [USERNAME[:PASSWORD]] for accessing the registry" };
    private readonly Option<string?> _auth = new("--auth") { Description = "Use AUTH_STRING (base64 of USERNAME:PASSWORD) for accessing the registry" };
    private readonly Option<string?> _username = new("--username", "-u") { Description = "Use USERNAME for accessing the registry" };
    private readonly Option<string?> _password = new("--password") { Description = "Use PASSWORD for accessing the registry" };

    public void AddTo(Command command)
    {
        command.Options.Add(_creds);
        command.Options.Add(_auth);
        command.Options.Add(_username);
        command.Options.Add(_password);
    }

    public AuthConfig? Auth(ParseResult parse)
    {
        var creds = parse.GetValue(_creds);
        var auth = parse.GetValue(_auth);
        var username = parse.GetValue(_username);
        if (new[] { creds, auth, username }.Count(v => !string.IsNullOrEmpty(v)) > 1)
        {
            throw new CtlException("use only one of --creds, --auth and --username");
        }

        if (!string.IsNullOrEmpty(creds))
        {
            var colon = creds.IndexOf(':', StringComparison.Ordinal);
            return colon < 0
                ? throw new CtlException("--creds needs USERNAME:PASSWORD (no password prompt without a terminal)")
                : new AuthConfig { Username = creds[..colon], Password = creds[(colon + 1)..] };
        }

        if (!string.IsNullOrEmpty(auth))
        {
            return new AuthConfig { Auth = auth };
        }

        return string.IsNullOrEmpty(username) ? null : new AuthConfig { Username = username, Password = parse.GetValue(_password) ?? string.Empty };
    }
}

using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;

namespace Crisp.IntegrationTests.Harness.Registry;

/// <summary>A user name and password for a registry started with Basic auth (an htpasswd file with a bcrypt hash).</summary>
public sealed record RegistryCredentials(string Username, string Password)
{
    /// <summary>The credentials of <see cref="SharedRegistries.BasicAuthAsync"/>; their hash is built in, so no htpasswd is needed.</summary>
    public static readonly RegistryCredentials Default = new("crisp", "crisp-test-password");

    // htpasswd -Bbn crisp crisp-test-password
    private const string DefaultHtpasswdLine = "crisp:$2y$05$UELOiI4F6BdmNPo6AXMuS.diOKJCoHrNLC5dn9uEKvAxZhqxS5.JO";

    /// <summary>base64("user:password"), as in an Authorization header and in auth.json's "auth".</summary>
    public string Base64 => Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Username}:{Password}"));

    public AuthenticationHeaderValue AuthorizationHeader => new("Basic", Base64);

    /// <summary>A containers-auth.json document holding these credentials for <paramref name="registryHost"/>.</summary>
    public string AuthJson(string registryHost) => "{\"auths\":{\"" + registryHost + "\":{\"auth\":\"" + Base64 + "\"}}}";

    /// <summary>
    /// The htpasswd line ("user:$2y$..."): built in for <see cref="Default"/>, otherwise from <c>htpasswd -Bbn</c>
    /// (Debian package apache2-utils); docker-registry accepts bcrypt hashes only.
    /// </summary>
    public string HtpasswdLine()
    {
        if (this == Default)
        {
            return DefaultHtpasswdLine;
        }

        const string Htpasswd = "/usr/bin/htpasswd";
        if (!File.Exists(Htpasswd))
        {
            throw new InvalidOperationException(
                $"{Htpasswd} is missing (apt-get install apache2-utils); RegistryCredentials.Default works without it");
        }

        var start = new ProcessStartInfo(Htpasswd)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "-B", "-b", "-n", Username, Password })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {Htpasswd}");
        var stdout = process.StandardOutput.ReadToEnd();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0
            ? stdout.Trim()
            : throw new InvalidOperationException($"htpasswd -Bbn failed: {new ProcessResult(process.ExitCode, stdout, stderr)}");
    }
}

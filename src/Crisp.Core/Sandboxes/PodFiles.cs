using System.Text;

namespace Crisp.Core.Sandboxes;

/// <summary>The contents of a pod's <c>hostname</c>, <c>resolv.conf</c> and <c>hosts</c> files, as CRI-O writes them.</summary>
public static class PodFiles
{
    private const UnixFileMode FileMode =
        UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    /// <summary>The host name and a newline.</summary>
    public static string Hostname(string hostname) => hostname + "\n";

    /// <summary>
    /// <c>search</c>, <c>nameserver</c> and <c>options</c> lines from the pod's DNS config (CRI-O's order), or null
    /// when the config is empty and the host's resolv.conf is to be copied.
    /// </summary>
    public static string? ResolvConf(SandboxDnsConfig? dns)
    {
        if (dns is null || dns.IsEmpty)
        {
            return null;
        }

        var text = new StringBuilder();
        if (dns.Searches.Count > 0)
        {
            text.Append("search ").AppendJoin(' ', dns.Searches).Append('\n');
        }

        foreach (var server in dns.Servers)
        {
            text.Append("nameserver ").Append(server).Append('\n');
        }

        if (dns.Options.Count > 0)
        {
            text.Append("options ").AppendJoin(' ', dns.Options).Append('\n');
        }

        return text.ToString();
    }

    /// <summary>The localhost entries, then one line per pod address naming the pod's host name.</summary>
    public static string Hosts(string hostname, IReadOnlyList<string> podIps)
    {
        var text = new StringBuilder()
            .Append("127.0.0.1\tlocalhost\n")
            .Append("::1\tlocalhost ip6-localhost ip6-loopback\n")
            .Append("fe00::0\tip6-localnet\n")
            .Append("ff00::0\tip6-mcastprefix\n")
            .Append("ff02::1\tip6-allnodes\n")
            .Append("ff02::2\tip6-allrouters\n");
        foreach (var ip in podIps)
        {
            text.Append(ip).Append('\t').Append(hostname).Append('\n');
        }

        if (podIps.Count == 0)
        {
            text.Append("127.0.1.1\t").Append(hostname).Append('\n');
        }

        return text.ToString();
    }

    /// <summary>Writes a pod file readable by every user in the pod (0644).</summary>
    public static void Write(string path, string content)
    {
        using var stream = new FileStream(path, new FileStreamOptions
        {
            Mode = System.IO.FileMode.Create,
            Access = FileAccess.Write,
            UnixCreateMode = FileMode,
        });
        stream.Write(Encoding.UTF8.GetBytes(content));
    }

    /// <summary>Copies a host file (resolv.conf, hosts); a missing host file gives an empty pod file.</summary>
    public static void CopyFromHost(string hostPath, string path)
    {
        string content;
        try
        {
            content = File.ReadAllText(hostPath);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            content = "";
        }

        Write(path, content);
    }
}

using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Shouldly;

namespace Crisp.IntegrationTests.Harness;

/// <summary>One sample of a scraped page, as an independent parser read it.</summary>
public sealed record MetricSample(string Family, string Type, string Name, IReadOnlyDictionary<string, string> Labels, double Value);

/// <summary>
/// A metrics page parsed by Debian's python3-prometheus-client (<c>text_string_to_metric_families</c>), so the page is
/// checked by a parser crisp did not write; a page it rejects fails the test with the parser's error.
/// </summary>
public sealed class PrometheusPage
{
    private const string Python = "/usr/bin/python3";

    private const string Script = """
        import json, sys
        from prometheus_client.parser import text_string_to_metric_families
        out = []
        for family in text_string_to_metric_families(sys.stdin.read()):
            for s in family.samples:
                out.append({"family": family.name, "type": family.type, "name": s.name, "labels": s.labels, "value": repr(float(s.value))})
        print(json.dumps(out))
        """;

    private PrometheusPage(string text, IReadOnlyList<MetricSample> samples)
    {
        Text = text;
        Samples = samples;
    }

    public string Text { get; }

    public IReadOnlyList<MetricSample> Samples { get; }

    /// <summary>The value of the sample <paramref name="name"/> whose labels include <paramref name="labels"/> (name=value pairs); 0 when absent.</summary>
    public double Value(string name, params string[] labels) => Find(name, labels)?.Value ?? 0;

    public MetricSample? Find(string name, params string[] labels) =>
        Samples.FirstOrDefault(s => s.Name == name && Matches(s, labels));

    /// <summary>The type the parser gave the family a sample belongs to.</summary>
    public string? TypeOf(string sampleName) => Samples.FirstOrDefault(s => s.Name == sampleName)?.Type;

    public static async Task<PrometheusPage> ParseAsync(string text)
    {
        var start = new ProcessStartInfo(Python)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(Script);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.StandardInput.WriteAsync(text);
        process.StandardInput.Close();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidDataException($"prometheus_client rejected the page: {await error}\n--- page ---\n{text}");
        }

        using var json = JsonDocument.Parse(await output);
        var samples = json.RootElement.EnumerateArray().Select(s => new MetricSample(
            s.GetProperty("family").GetString()!,
            s.GetProperty("type").GetString()!,
            s.GetProperty("name").GetString()!,
            s.GetProperty("labels").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!),
            ParseValue(s.GetProperty("value").GetString()!))).ToList();
        return new PrometheusPage(text, samples);
    }

    /// <summary>GET /metrics over TCP.</summary>
    public static async Task<PrometheusPage> ScrapeAsync(int port)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        return await ScrapeAsync(client, new Uri($"http://127.0.0.1:{port}/metrics"));
    }

    /// <summary>GET /metrics over a Unix socket.</summary>
    public static async Task<PrometheusPage> ScrapeSocketAsync(string socket)
    {
        using var client = new HttpClient(UnixSocketHttp.Handler(socket)) { Timeout = TimeSpan.FromSeconds(30) };
        return await ScrapeAsync(client, new Uri("http://localhost/metrics"));
    }

    /// <summary>A TCP port on 127.0.0.1 that nothing listens on right now.</summary>
    public static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private static async Task<PrometheusPage> ScrapeAsync(HttpClient client, Uri uri)
    {
        using var response = await client.GetAsync(uri);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/plain");
        return await ParseAsync(await response.Content.ReadAsStringAsync());
    }

    private static bool Matches(MetricSample sample, string[] labels)
    {
        for (var i = 0; i + 1 < labels.Length; i += 2)
        {
            if (!sample.Labels.TryGetValue(labels[i], out var value) || value != labels[i + 1])
            {
                return false;
            }
        }

        return true;
    }

    private static double ParseValue(string text) => text switch
    {
        "inf" => double.PositiveInfinity,
        "-inf" => double.NegativeInfinity,
        "nan" => double.NaN,
        _ => double.Parse(text, CultureInfo.InvariantCulture),
    };
}

namespace Crisp.IntegrationTests.Harness;

/// <summary>An HTTP/1.1 client for the daemon's status pages on its Unix socket.</summary>
public static class StatusPages
{
    public static HttpClient Client(string socketPath) => new(UnixSocketHttp.Handler(socketPath))
    {
        BaseAddress = new Uri("http://localhost/"),
        DefaultRequestVersion = System.Net.HttpVersion.Version11,
    };
}

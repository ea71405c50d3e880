namespace Crisp.IntegrationTests.Harness.Streaming;

/// <summary>A bound for one streaming test's waits, cancelled with the test too.</summary>
public static class StreamTimeout
{
    public static CancellationTokenSource Start(TimeSpan? within = null)
    {
        var source = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        source.CancelAfter(within ?? TimeSpan.FromSeconds(60));
        return source;
    }
}

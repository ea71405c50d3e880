namespace Crisp.Unit.Tests.Streaming.Spdy;

/// <summary>A token that fails a hung test (it never decides a pass).</summary>
internal static class TestTimeout
{
    public static CancellationTokenSource Start(int seconds = 30)
    {
        var source = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        source.CancelAfter(TimeSpan.FromSeconds(seconds));
        return source;
    }

    /// <summary>Polls <paramref name="condition"/> until it holds; throws when <paramref name="token"/> fires first.</summary>
    public static async Task UntilAsync(Func<bool> condition, CancellationToken token)
    {
        while (!condition())
        {
            await Task.Delay(1, token);
        }
    }
}

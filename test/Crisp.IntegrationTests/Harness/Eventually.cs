namespace Crisp.IntegrationTests.Harness;

/// <summary>Polls a condition that becomes true asynchronously (log lines, files), failing after a generous bound.</summary>
public static class Eventually
{
    public static async Task TrueAsync(Func<bool> condition, string because, TimeSpan? within = null)
    {
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(20));
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"condition not met in time: {because}");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>The same for a condition that has to ask the daemon (an RPC).</summary>
    public static async Task TrueAsync(Func<Task<bool>> condition, string because, TimeSpan? within = null)
    {
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(20));
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"condition not met in time: {because}");
            }

            await Task.Delay(50);
        }
    }
}

using Crisp.IntegrationTests.Harness.Registry;

[assembly: AssemblyFixture(typeof(SharedRegistries))]

namespace Crisp.IntegrationTests.Harness.Registry;

/// <summary>
/// Registries shared by the whole test assembly, each started on first use and stopped after the last test:
/// take it as a constructor parameter of a test class (or <see cref="CurrentAsync"/>), then
/// <c>await registries.AnonymousAsync()</c>. Tests run in parallel against them, so push under
/// <see cref="RepositoryNames.Unique"/> names, or use <see cref="TestRegistry.PushOnceAsync"/> for read-only
/// well-known names (library/busybox:latest). A test that needs a registry to itself (to stop it, or to count
/// its requests) starts its own <see cref="TestRegistry"/>.
/// </summary>
public sealed class SharedRegistries : IAsyncDisposable
{
    private readonly Lock _gate = new();
    private Task<TestRegistry>? _anonymous;
    private Task<TestRegistry>? _basicAuth;

    /// <summary>The assembly's instance, for code that is not a test class constructor.</summary>
    public static async ValueTask<SharedRegistries> CurrentAsync() =>
        await TestContext.Current.GetFixture<SharedRegistries>()
        ?? throw new InvalidOperationException("SharedRegistries is only available while a test runs");

    /// <summary>A registry without auth.</summary>
    public Task<TestRegistry> AnonymousAsync(CancellationToken ct = default) => GetAsync(ref _anonymous, null, ct);

    /// <summary>A registry requiring Basic auth with <see cref="RegistryCredentials.Default"/>.</summary>
    public Task<TestRegistry> BasicAuthAsync(CancellationToken ct = default) => GetAsync(ref _basicAuth, RegistryCredentials.Default, ct);

    public async ValueTask DisposeAsync()
    {
        Task<TestRegistry>?[] started;
        lock (_gate)
        {
            started = [_anonymous, _basicAuth];
            _anonymous = _basicAuth = null;
        }

        foreach (var task in started.OfType<Task<TestRegistry>>())
        {
            try
            {
                await (await task).DisposeAsync();
            }
            catch (Exception) when (!task.IsCompletedSuccessfully)
            {
                // It never started; the failure was reported to the tests that asked for it.
            }
        }
    }

    private Task<TestRegistry> GetAsync(ref Task<TestRegistry>? slot, RegistryCredentials? credentials, CancellationToken ct)
    {
        lock (_gate)
        {
            // A start that failed is retried by the next test rather than failing every later one.
            if (slot is null || slot.IsFaulted || slot.IsCanceled)
            {
                // Not cancelled by the asking test's token: other tests wait for the same start.
                slot = StartAsync(credentials);
            }

            return slot.WaitAsync(ct);
        }
    }

    private static async Task<TestRegistry> StartAsync(RegistryCredentials? credentials)
    {
        var registry = await TestRegistry.StartAsync(new TestRegistryOptions { BasicAuth = credentials });
        registry.IsShared = true;
        return registry;
    }
}

/// <summary>Repository names that no other test uses.</summary>
public static class RepositoryNames
{
    /// <summary>
    /// "crisp-test/&lt;hint&gt;-&lt;12 hex&gt;", the hint defaulting to the running test's method name, lower-cased and
    /// reduced to what the distribution spec allows in a path component.
    /// </summary>
    public static string Unique(string? hint = null)
    {
        hint ??= TestContext.Current.TestMethod?.MethodName ?? "test";
        var sanitized = new string(hint.ToLowerInvariant().Select(c => c is >= 'a' and <= 'z' or >= '0' and <= '9' ? c : '-').ToArray());
        sanitized = string.Join('-', sanitized.Split('-', StringSplitOptions.RemoveEmptyEntries));
        if (sanitized.Length > 48)
        {
            sanitized = sanitized[..48].TrimEnd('-');
        }

        return $"crisp-test/{(sanitized.Length > 0 ? sanitized : "test")}-{Guid.NewGuid().ToString("N")[..12]}";
    }
}

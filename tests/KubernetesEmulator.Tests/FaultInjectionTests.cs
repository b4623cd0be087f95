using System.Diagnostics;
using MeshBot.KubernetesEmulator.Tests.Support;

namespace MeshBot.KubernetesEmulator.Tests;

/// <summary>Injected faults: 429 with Retry-After, 500, dropped connections, latency and a forbidden verb, each for the next N matching requests.</summary>
public sealed class FaultInjectionTests(EmulatorFixture fixture) : IClassFixture<EmulatorFixture>, IDisposable
{
    private KubernetesEmulator Emulator => fixture.Emulator;

    public void Dispose() => Emulator.Faults.Clear();

    [Fact]
    public async Task Too_many_requests_carries_retry_after_and_then_heals()
    {
        using var http = fixture.Http();
        Emulator.Faults.TooManyRequests(2, retryAfterSeconds: 7);

        using var first = await http.GetAsync("/api/v1/namespaces/payments/pods");
        var (secondStatus, second) = await http.GetJsonAsync("/api/v1/namespaces/payments/pods");
        var (thirdStatus, _) = await http.GetJsonAsync("/api/v1/namespaces/payments/pods");

        Assert.Equal(429, (int)first.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(7), first.Headers.RetryAfter?.Delta);
        Assert.Equal(429, secondStatus);
        Assert.Equal("TooManyRequests", second.Str("reason"));
        Assert.Equal("Too many requests, please try again later.", second.Str("message"));
        Assert.Equal("7", second.Str("details", "retryAfterSeconds"));
        Assert.Equal(200, thirdStatus);
    }

    [Fact]
    public async Task Kubectl_retries_a_throttled_request_after_retry_after()
    {
        using var kubectl = new Kubectl(Emulator, EmulatorCredential.Token(EmulatorFixture.AdminToken));
        Emulator.Faults.TooManyRequests(1, retryAfterSeconds: 1, when: r => r.Verb == "list" && r.Resource == "namespaces");

        var result = (await kubectl.RunAsync("get", "namespaces", "-o", "name")).EnsureSuccess();

        Assert.Contains("namespace/payments", result.Lines);
        Assert.Equal([429, 200], Emulator.RequestLog.Where(r => r.Path == "/api/v1/namespaces").Select(r => r.Status).TakeLast(2));
    }

    [Fact]
    public async Task Internal_errors_are_injected_only_for_matching_requests()
    {
        using var http = fixture.Http();
        Emulator.Faults.InternalError(1, when: r => r.Resource == "deployments");

        var (podsStatus, _) = await http.GetJsonAsync("/api/v1/pods");
        var (status, body) = await http.GetJsonAsync("/apis/apps/v1/deployments");
        var (againStatus, _) = await http.GetJsonAsync("/apis/apps/v1/deployments");

        Assert.Equal(200, podsStatus);
        Assert.Equal((500, "InternalError", "Internal error occurred: injected fault"), (status, body.Str("reason"), body.Str("message")));
        Assert.Equal(200, againStatus);
    }

    [Fact]
    public async Task A_dropped_connection_fails_the_request_without_a_response()
    {
        using var http = fixture.Http();
        Emulator.Faults.DropConnections(1, when: r => r.Path == "/api/v1/namespaces/orders");

        await Assert.ThrowsAnyAsync<HttpRequestException>(() => http.GetAsync("/api/v1/namespaces/orders"));
        var (status, _) = await http.GetJsonAsync("/api/v1/namespaces/orders");

        Assert.Equal(200, status);
        Assert.Contains(Emulator.RequestLog, r => r.Path == "/api/v1/namespaces/orders" && r.Status == 0);
    }

    [Fact]
    public async Task Latency_is_added_to_every_request()
    {
        using var http = fixture.Http();
        await http.GetAsync("/version"); // connection set up outside the measurement
        Emulator.Faults.Latency = TimeSpan.FromMilliseconds(300);

        var watch = Stopwatch.StartNew();
        var (status, _) = await http.GetJsonAsync("/api/v1/namespaces/payments");
        watch.Stop();

        Assert.Equal(200, status);
        Assert.InRange(watch.Elapsed, TimeSpan.FromMilliseconds(290), TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task A_forbidden_verb_gets_the_real_forbidden_status_and_other_verbs_pass()
    {
        using var http = fixture.Http();
        Emulator.Faults.Forbid("get", "secrets");

        var (status, body) = await http.GetJsonAsync("/api/v1/namespaces/istio-system/secrets/istio-ca-secret");
        var (listStatus, _) = await http.GetJsonAsync("/api/v1/namespaces/istio-system/secrets");

        Assert.Equal((403, "Forbidden"), (status, body.Str("reason")));
        Assert.Equal("secrets \"istio-ca-secret\" is forbidden: User \"admin\" cannot get resource \"secrets\" in API group \"\" in the namespace \"istio-system\"", body.Str("message"));
        Assert.Equal(200, listStatus);
    }

    [Fact]
    public async Task Kubectl_retries_a_get_whose_connection_was_dropped()
    {
        using var kubectl = new Kubectl(Emulator, EmulatorCredential.Token(EmulatorFixture.AdminToken));
        (await kubectl.RunAsync("get", "ns", "default")).EnsureSuccess(); // discovery cached
        Emulator.Faults.DropConnections(1, when: r => r.Verb == "list" && r.Resource == "pods");

        var result = (await kubectl.RunAsync("get", "pods", "-n", "payments", "-o", "name")).EnsureSuccess();

        Assert.Equal(["pod/api-5f7c9d8b6-q9w7z", "pod/api-5f7c9d8b6-x2x4k"], result.Lines);
        Assert.Equal([0, 200], Emulator.RequestLog.Where(r => r.Path == "/api/v1/namespaces/payments/pods").Select(r => r.Status).TakeLast(2));
    }
}

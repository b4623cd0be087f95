using System.Text.Json.Nodes;
using MeshBot.KubernetesEmulator.Tests.Support;

namespace MeshBot.KubernetesEmulator.Tests;

/// <summary>The REST surface the MeshBot client uses, over HttpClient: lists, paging, selectors, get, create, update, patch, delete, dry runs and Status errors.</summary>
public sealed class RestApiTests(EmulatorFixture fixture) : IClassFixture<EmulatorFixture>
{
    [Fact]
    public async Task Lists_of_built_in_kinds_are_typed_envelopes_whose_items_carry_no_kind()
    {
        using var http = fixture.Http();

        var (status, list) = await http.GetJsonAsync("/apis/apps/v1/deployments");

        Assert.Equal(200, status);
        Assert.Equal("DeploymentList", list.Str("kind"));
        Assert.Equal("apps/v1", list.Str("apiVersion"));
        Assert.Equal(fixture.Emulator.ResourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture), list.Str("metadata", "resourceVersion"));
        var items = list["items"]!.AsArray();
        Assert.Equal(5, items.Count);
        Assert.All(items, i => Assert.False(i!.AsObject().ContainsKey("kind")));
        Assert.All(items, i => Assert.False(i!.AsObject().ContainsKey("apiVersion")));
    }

    [Fact]
    public async Task Custom_resource_lists_keep_kind_and_apiVersion_and_are_served_at_every_version()
    {
        using var http = fixture.Http();

        var (_, v1) = await http.GetJsonAsync("/apis/security.istio.io/v1/peerauthentications");
        var (_, beta) = await http.GetJsonAsync("/apis/security.istio.io/v1beta1/namespaces/istio-system/peerauthentications");

        Assert.Equal("PeerAuthenticationList", v1.Str("kind"));
        Assert.Equal("security.istio.io/v1", v1["items"]![0].Str("apiVersion"));
        Assert.Equal("PeerAuthentication", v1["items"]![0].Str("kind"));
        Assert.Equal("security.istio.io/v1beta1", beta["items"]![0].Str("apiVersion"));
    }

    [Fact]
    public async Task Paging_with_limit_one_walks_every_pod_with_continue_tokens_and_remaining_counts()
    {
        using var http = fixture.Http();
        var names = new List<string>();
        var remaining = new List<string>();
        string? token = null;
        do
        {
            var (status, page) = await http.GetJsonAsync("/api/v1/pods?limit=1" + (token is null ? "" : "&continue=" + Uri.EscapeDataString(token)));
            Assert.Equal(200, status);
            names.Add(page["items"]![0].Str("metadata", "name"));
            remaining.Add(page.Str("metadata", "remainingItemCount"));
            token = page["metadata"]!["continue"]?.GetValue<string>();
        }
        while (token is not null);

        Assert.Equal(["istiod-7d4b9c8f5-abcde", "coredns-668d6bf9bc-7xq2d", "prometheus-7c9d8f6b5-t4k2s", "checkout-6b8f7d9c4-m3n8p", "api-5f7c9d8b6-q9w7z", "api-5f7c9d8b6-x2x4k"], names);
        Assert.Equal(["5", "4", "3", "2", "1", ""], remaining);
    }

    [Fact]
    public async Task A_continue_token_that_is_not_ours_is_a_bad_request()
    {
        using var http = fixture.Http();

        var (status, body) = await http.GetJsonAsync("/api/v1/pods?limit=1&continue=garbage");

        Assert.Equal(400, status);
        Assert.Equal("BadRequest", body.Str("reason"));
        Assert.StartsWith("continue key is not valid", body.Str("message"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("labelSelector=app%3Dapi", "api-5f7c9d8b6-q9w7z,api-5f7c9d8b6-x2x4k")]
    [InlineData("labelSelector=app%20in%20(checkout,istiod)", "istiod-7d4b9c8f5-abcde,checkout-6b8f7d9c4-m3n8p")]
    [InlineData("labelSelector=app,app%20notin%20(api,checkout,istiod)", "coredns-668d6bf9bc-7xq2d,prometheus-7c9d8f6b5-t4k2s")]
    [InlineData("labelSelector=!security.istio.io/tlsMode", "istiod-7d4b9c8f5-abcde,coredns-668d6bf9bc-7xq2d,prometheus-7c9d8f6b5-t4k2s")]
    [InlineData("fieldSelector=metadata.namespace%3Dorders", "checkout-6b8f7d9c4-m3n8p")]
    [InlineData("fieldSelector=metadata.name%3Dapi-5f7c9d8b6-x2x4k", "api-5f7c9d8b6-x2x4k")]
    [InlineData("fieldSelector=status.phase%3DRunning,metadata.namespace!%3Dpayments&labelSelector=app!%3Dcoredns", "istiod-7d4b9c8f5-abcde,prometheus-7c9d8f6b5-t4k2s,checkout-6b8f7d9c4-m3n8p")]
    public async Task Label_and_field_selectors_filter_cluster_wide_lists(string query, string expected)
    {
        using var http = fixture.Http();

        var (status, list) = await http.GetJsonAsync("/api/v1/pods?" + query);

        Assert.Equal(200, status);
        Assert.Equal(expected, string.Join(",", list["items"]!.AsArray().Select(i => i.Str("metadata", "name"))));
    }

    [Fact]
    public async Task Node_name_field_selector_and_unsupported_fields()
    {
        using var http = fixture.Http();
        var (_, pod) = await http.GetJsonAsync("/api/v1/namespaces/payments/pods/api-5f7c9d8b6-x2x4k");
        var node = pod.Str("spec", "nodeName");

        var (_, onNode) = await http.GetJsonAsync($"/api/v1/pods?fieldSelector=spec.nodeName%3D{node}");
        var (status, error) = await http.GetJsonAsync("/api/v1/pods?fieldSelector=spec.image%3Dx");
        var (crdStatus, crdError) = await http.GetJsonAsync("/apis/security.istio.io/v1/peerauthentications?fieldSelector=spec.mtls.mode%3DSTRICT");

        Assert.Contains(onNode["items"]!.AsArray(), i => i.Str("metadata", "name") == "api-5f7c9d8b6-x2x4k");
        Assert.All(onNode["items"]!.AsArray(), i => Assert.Equal(node, i.Str("spec", "nodeName")));
        Assert.Equal((400, "field label not supported: spec.image"), (status, error.Str("message")));
        Assert.Equal((400, "\"spec.mtls.mode\" is not a known field selector: only \"metadata.name\", \"metadata.namespace\""), (crdStatus, crdError.Str("message")));
    }

    [Fact]
    public async Task Get_of_a_missing_object_is_a_not_found_status_with_details()
    {
        using var http = fixture.Http();

        var (status, body) = await http.GetJsonAsync("/apis/apps/v1/namespaces/payments/deployments/nope");

        Assert.Equal(404, status);
        Assert.Equal("Status", body.Str("kind"));
        Assert.Equal("v1", body.Str("apiVersion"));
        Assert.Equal("Failure", body.Str("status"));
        Assert.Equal("deployments.apps \"nope\" not found", body.Str("message"));
        Assert.Equal("NotFound", body.Str("reason"));
        Assert.Equal("""{"name":"nope","group":"apps","kind":"deployments"}""", body["details"]!.ToJsonString());
        Assert.Equal("404", body.Str("code"));
    }

    [Fact]
    public async Task Create_assigns_identity_and_refuses_duplicates_and_dry_run_stores_nothing()
    {
        using var http = fixture.Http();
        const string policy = """{"apiVersion":"security.istio.io/v1","kind":"PeerAuthentication","metadata":{"name":"api-permissive"},"spec":{"selector":{"matchLabels":{"app":"api"}},"portLevelMtls":{"8080":{"mode":"PERMISSIVE"}}}}""";
        const string path = "/apis/security.istio.io/v1/namespaces/payments/peerauthentications";

        var (dryStatus, dry) = await http.SendAsync(HttpMethod.Post, path + "?dryRun=All", policy);
        Assert.Equal(201, dryStatus);
        Assert.Equal("payments", dry.Str("metadata", "namespace"));
        Assert.Null(fixture.Emulator.Get("peerauthentications", "payments", "api-permissive"));

        var before = fixture.Emulator.ResourceVersion;
        var (status, created) = await http.SendAsync(HttpMethod.Post, path, policy);
        Assert.Equal(201, status);
        Assert.True(Guid.TryParse(created.Str("metadata", "uid"), out _));
        Assert.Equal("1", created.Str("metadata", "generation"));
        Assert.Equal((before + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), created.Str("metadata", "resourceVersion"));
        Assert.NotNull(fixture.Emulator.Get("PeerAuthentication", "payments", "api-permissive"));

        var (dupStatus, duplicate) = await http.SendAsync(HttpMethod.Post, path, policy);
        Assert.Equal((409, "AlreadyExists"), (dupStatus, duplicate.Str("reason")));
        Assert.Equal("peerauthentications.security.istio.io \"api-permissive\" already exists", duplicate.Str("message"));
    }

    [Fact]
    public async Task Create_in_a_missing_namespace_or_with_a_mismatched_namespace_fails_like_the_server()
    {
        using var http = fixture.Http();
        const string configMap = """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"x","namespace":"orders"}}""";

        var (missingStatus, missing) = await http.SendAsync(HttpMethod.Post, "/api/v1/namespaces/nowhere/configmaps", configMap.Replace("orders", "nowhere", StringComparison.Ordinal));
        var (mismatchStatus, mismatch) = await http.SendAsync(HttpMethod.Post, "/api/v1/namespaces/payments/configmaps", configMap);

        Assert.Equal((404, "namespaces \"nowhere\" not found"), (missingStatus, missing.Str("message")));
        Assert.Equal((400, "the namespace of the provided object does not match the namespace sent on the request"), (mismatchStatus, mismatch.Str("message")));
    }

    [Fact]
    public async Task Strategic_merge_patch_of_a_custom_resource_is_unsupported_media_type()
    {
        using var http = fixture.Http();

        var (status, body) = await http.SendAsync(HttpMethod.Patch, "/apis/security.istio.io/v1/namespaces/istio-system/peerauthentications/default",
            """{"spec":{"mtls":{"mode":"PERMISSIVE"}}}""", "application/strategic-merge-patch+json");

        Assert.Equal(415, status);
        Assert.Equal("UnsupportedMediaType", body.Str("reason"));
        Assert.Equal("the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml", body.Str("message"));
    }

    [Fact]
    public async Task Json_patch_applies_operations_and_a_failed_test_is_unprocessable()
    {
        using var http = fixture.Http();
        const string path = "/api/v1/namespaces/monitoring/services/prometheus";

        var (status, patched) = await http.SendAsync(HttpMethod.Patch, path,
            """[{"op":"test","path":"/metadata/name","value":"prometheus"},{"op":"add","path":"/metadata/labels/tier","value":"observability"},{"op":"replace","path":"/spec/ports/0/name","value":"http-web"}]""",
            "application/json-patch+json");
        var (failedStatus, failed) = await http.SendAsync(HttpMethod.Patch, path, """[{"op":"test","path":"/metadata/name","value":"grafana"}]""", "application/json-patch+json");

        Assert.Equal(200, status);
        Assert.Equal("observability", patched.Str("metadata", "labels", "tier"));
        Assert.Equal("http-web", patched["spec"]!["ports"]![0].Str("name"));
        Assert.Equal((422, "Invalid"), (failedStatus, failed.Str("reason")));
    }

    [Fact]
    public async Task Strategic_merge_patch_merges_containers_by_name_and_deletes_with_null()
    {
        using var http = fixture.Http();

        var (status, patched) = await http.SendAsync(HttpMethod.Patch, "/apis/apps/v1/namespaces/monitoring/deployments/prometheus",
            """{"metadata":{"labels":{"app.kubernetes.io/name":null,"patched":"yes"}},"spec":{"template":{"spec":{"containers":[{"name":"prometheus","image":"quay.io/prometheus/prometheus:v3.0.0"}]}}}}""",
            "application/strategic-merge-patch+json");

        Assert.Equal(200, status);
        var container = patched["spec"]!["template"]!["spec"]!["containers"]![0]!;
        Assert.Equal("quay.io/prometheus/prometheus:v3.0.0", container.Str("image"));
        Assert.NotEqual("", container.Str("ports")); // the rest of the container survived the merge
        Assert.Equal("yes", patched.Str("metadata", "labels", "patched"));
        Assert.False(patched["metadata"]!["labels"]!.AsObject().ContainsKey("app.kubernetes.io/name"));
    }

    [Fact]
    public async Task A_stale_resource_version_conflicts_on_update_and_on_patch()
    {
        using var http = fixture.Http();
        const string path = "/apis/networking.istio.io/v1/namespaces/payments/destinationrules/api";
        var (_, created) = await http.SendAsync(HttpMethod.Post, "/apis/networking.istio.io/v1/namespaces/payments/destinationrules",
            """{"apiVersion":"networking.istio.io/v1","kind":"DestinationRule","metadata":{"name":"api"},"spec":{"host":"api.payments.svc.cluster.local","trafficPolicy":{"tls":{"mode":"ISTIO_MUTUAL"}}}}""");
        var stale = created.Str("metadata", "resourceVersion");
        var (_, updated) = await http.SendAsync(HttpMethod.Patch, path, """{"spec":{"trafficPolicy":{"tls":{"mode":"DISABLE"}}}}""", "application/merge-patch+json");
        Assert.Equal("2", updated.Str("metadata", "generation"));

        var put = (JsonObject)created.DeepClone();
        put["spec"]!["host"] = "other";
        var (putStatus, putError) = await http.SendAsync(HttpMethod.Put, path, put.ToJsonString());
        var (patchStatus, patchError) = await http.SendAsync(HttpMethod.Patch, path,
            $$$"""{"metadata":{"resourceVersion":"{{{stale}}}"},"spec":{"host":"other"}}""", "application/merge-patch+json");

        const string message = "Operation cannot be fulfilled on destinationrules.networking.istio.io \"api\": the object has been modified; please apply your changes to the latest version and try again";
        Assert.Equal((409, "Conflict", message), (putStatus, putError.Str("reason"), putError.Str("message")));
        Assert.Equal((409, "Conflict", message), (patchStatus, patchError.Str("reason"), patchError.Str("message")));
        Assert.Equal("api.payments.svc.cluster.local", fixture.Emulator.Get("dr", "payments", "api").Str("spec", "host"));
    }

    [Fact]
    public async Task Update_with_the_current_resource_version_succeeds_and_custom_resources_require_one()
    {
        using var http = fixture.Http();
        const string path = "/apis/security.istio.io/v1/namespaces/istio-system/peerauthentications/default";
        var (_, current) = await http.GetJsonAsync(path);
        var withoutVersion = (JsonObject)current.DeepClone();
        withoutVersion["metadata"]!.AsObject().Remove("resourceVersion");

        var (okStatus, ok) = await http.SendAsync(HttpMethod.Put, path + "?dryRun=All", current.ToJsonString());
        var (missingStatus, missing) = await http.SendAsync(HttpMethod.Put, path, withoutVersion.ToJsonString());

        Assert.Equal(200, okStatus);
        Assert.Equal(current.Str("metadata", "resourceVersion"), ok.Str("metadata", "resourceVersion"));
        Assert.Equal((422, "Invalid"), (missingStatus, missing.Str("reason")));
        Assert.Equal("PeerAuthentication.security.istio.io \"default\" is invalid: metadata.resourceVersion: Invalid value: 0x0: must be specified for an update", missing.Str("message"));
    }

    [Fact]
    public async Task Delete_honours_dry_run_in_the_delete_options_body_and_returns_a_success_status()
    {
        using var http = fixture.Http();
        const string path = "/api/v1/namespaces/kube-system/services/kube-dns";

        var (dryStatus, dry) = await http.SendAsync(HttpMethod.Delete, path, """{"kind":"DeleteOptions","apiVersion":"v1","propagationPolicy":"Background","dryRun":["All"]}""");
        Assert.Equal((200, "Success"), (dryStatus, dry.Str("status")));
        Assert.NotNull(fixture.Emulator.Get("svc", "kube-system", "kube-dns"));

        var (conflictStatus, conflict) = await http.SendAsync(HttpMethod.Delete, path, """{"preconditions":{"uid":"00000000-0000-0000-0000-000000000000"}}""");
        Assert.Equal((409, "Conflict"), (conflictStatus, conflict.Str("reason")));

        var (status, deleted) = await http.SendAsync(HttpMethod.Delete, path);
        Assert.Equal(200, status);
        Assert.Equal("""{"name":"kube-dns","kind":"services","uid":"{{uid}}"}""".Replace("{{uid}}", deleted.Str("details", "uid"), StringComparison.Ordinal), deleted["details"]!.ToJsonString());
        Assert.Null(fixture.Emulator.Get("svc", "kube-system", "kube-dns"));
        var (goneStatus, _) = await http.SendAsync(HttpMethod.Delete, path);
        Assert.Equal(404, goneStatus);
    }

    [Fact]
    public async Task Dry_run_values_other_than_all_are_rejected()
    {
        using var http = fixture.Http();

        var (status, body) = await http.SendAsync(HttpMethod.Patch, "/api/v1/namespaces/orders?dryRun=Some", """{"metadata":{"labels":{"a":"b"}}}""", "application/merge-patch+json");

        Assert.Equal(422, status);
        Assert.Equal("PatchOptions.meta.k8s.io \"\" is invalid: dryRun[0]: Unsupported value: \"Some\": supported values: \"All\"", body.Str("message"));
    }

    [Fact]
    public async Task Pod_logs_require_a_container_when_the_pod_has_several_and_honour_tail_and_since()
    {
        using var http = fixture.Http();
        const string path = "/api/v1/namespaces/payments/pods/api-5f7c9d8b6-x2x4k/log";
        fixture.Emulator.SetContainerLog("payments", "api-5f7c9d8b6-x2x4k", "api",
            "2026-10-15T14:20:00Z old\n2026-10-15T14:31:00Z recent\nno timestamp\n2026-10-15T14:32:00Z newest\n");

        var (status, error) = await http.GetJsonAsync(path);
        var since = await http.GetStringAsync(path + "?container=api&sinceSeconds=120");
        var tail = await http.GetStringAsync(path + "?container=api&tailLines=1");
        var (badStatus, bad) = await http.GetJsonAsync(path + "?container=sidecar");

        Assert.Equal(400, status);
        Assert.Equal("a container name must be specified for pod api-5f7c9d8b6-x2x4k, choose one of: [istio-init api istio-proxy]", error.Str("message"));
        Assert.Equal("2026-10-15T14:31:00Z recent\nno timestamp\n2026-10-15T14:32:00Z newest\n", since);
        Assert.Equal("2026-10-15T14:32:00Z newest\n", tail);
        Assert.Equal((400, "container sidecar is not valid for pod api-5f7c9d8b6-x2x4k"), (badStatus, bad.Str("message")));
    }

    [Fact]
    public async Task Self_subject_access_reviews_answer_from_the_access_policy()
    {
        using var http = fixture.Http(EmulatorFixture.ViewerToken);
        fixture.Emulator.Access.Deny("get,list", "secrets", subject: EmulatorFixture.MeshBotUser);
        try
        {
            var secrets = await Review(http, "list", "secrets", "istio-system");
            var pods = await Review(http, "list", "pods", "payments");

            Assert.Equal("""{"allowed":false}""", secrets["status"]!.ToJsonString());
            Assert.Equal("true", pods.Str("status", "allowed"));
        }
        finally
        {
            fixture.Emulator.Access.Reset();
        }
    }

    private static async Task<JsonObject> Review(HttpClient http, string verb, string resource, string ns)
    {
        var (status, body) = await http.SendAsync(HttpMethod.Post, "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews",
            new JsonObject
            {
                ["apiVersion"] = "authorization.k8s.io/v1",
                ["kind"] = "SelfSubjectAccessReview",
                ["spec"] = new JsonObject { ["resourceAttributes"] = new JsonObject { ["namespace"] = ns, ["verb"] = verb, ["resource"] = resource } },
            }.ToJsonString());
        Assert.Equal(201, status);
        return body;
    }
}

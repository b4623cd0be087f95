using System.Text.Json.Nodes;
using MeshBot.KubernetesEmulator.Api;
using MeshBot.KubernetesEmulator.Patching;

namespace MeshBot.KubernetesEmulator.Tests;

public sealed class PatchTests
{
    private const string Deployment = """
        {"metadata":{"name":"api","labels":{"app":"api","old":"x"},"finalizers":["a"]},
         "spec":{"template":{"metadata":{"labels":{"app":"api"}},
           "spec":{"containers":[
             {"name":"api","image":"api:1","ports":[{"containerPort":8080,"name":"http"}],"env":[{"name":"A","value":"1"},{"name":"B","value":"2"}]},
             {"name":"istio-proxy","image":"proxyv2:1.24"}],
           "tolerations":[{"key":"a"}]}}}}
        """;

    [Fact]
    public void Merge_patch_merges_maps_replaces_lists_and_deletes_nulls()
    {
        var result = JsonMergePatch.Apply(Parse(Deployment), JsonNode.Parse("""{"metadata":{"labels":{"old":null,"new":"y"},"finalizers":["b"]}}"""))!;

        Assert.Equal("""{"app":"api","new":"y"}""", result["metadata"]!["labels"]!.ToJsonString());
        Assert.Equal("""["b"]""", result["metadata"]!["finalizers"]!.ToJsonString());
    }

    [Fact]
    public void Strategic_merge_patch_merges_containers_env_and_ports_by_key()
    {
        var result = StrategicMergePatch.Apply(Parse(Deployment), JsonNode.Parse("""
            {"spec":{"template":{"metadata":{"annotations":{"kubectl.kubernetes.io/restartedAt":"now"}},
              "spec":{"containers":[{"name":"api","image":"api:2","env":[{"name":"B","value":"3"},{"name":"C","value":"4"}],"ports":[{"containerPort":9090}]}],
                      "tolerations":[{"key":"b"}]}}}}
            """));

        var template = result["spec"]!["template"]!;
        var containers = template["spec"]!["containers"]!.AsArray();
        Assert.Equal("now", template["metadata"]!["annotations"]!["kubectl.kubernetes.io/restartedAt"]!.GetValue<string>());
        Assert.Equal("api", template["metadata"]!["labels"]!["app"]!.GetValue<string>());
        Assert.Equal(2, containers.Count);
        Assert.Equal("api:2", containers[0]!["image"]!.GetValue<string>());
        Assert.Equal("""[{"name":"A","value":"1"},{"name":"B","value":"3"},{"name":"C","value":"4"}]""", containers[0]!["env"]!.ToJsonString());
        Assert.Equal("""[{"containerPort":8080,"name":"http"},{"containerPort":9090}]""", containers[0]!["ports"]!.ToJsonString());
        Assert.Equal("proxyv2:1.24", containers[1]!["image"]!.GetValue<string>());
        Assert.Equal("""[{"key":"b"}]""", template["spec"]!["tolerations"]!.ToJsonString()); // no merge key: replaced
    }

    [Fact]
    public void Strategic_merge_patch_directives_delete_and_replace()
    {
        var result = StrategicMergePatch.Apply(Parse(Deployment), JsonNode.Parse("""
            {"metadata":{"labels":{"$patch":"replace","only":"this"},"finalizers":["b"],"$deleteFromPrimitiveList/finalizers":["a"]},
             "spec":{"template":{"spec":{"containers":[{"name":"istio-proxy","$patch":"delete"}],"$setElementOrder/containers":[{"name":"api"}]}}}}
            """));

        Assert.Equal("""{"only":"this"}""", result["metadata"]!["labels"]!.ToJsonString());
        Assert.Equal("""["b"]""", result["metadata"]!["finalizers"]!.ToJsonString());
        Assert.Equal("api", result["spec"]!["template"]!["spec"]!["containers"]!.AsArray().Single()!["name"]!.GetValue<string>());
    }

    [Fact]
    public void Json_patch_supports_every_operation()
    {
        var result = JsonPatch.Apply(Parse(Deployment), JsonNode.Parse("""
            [{"op":"test","path":"/metadata/name","value":"api"},
             {"op":"add","path":"/metadata/labels/tier","value":"web"},
             {"op":"remove","path":"/metadata/labels/old"},
             {"op":"replace","path":"/spec/template/spec/containers/0/image","value":"api:3"},
             {"op":"copy","from":"/metadata/labels/app","path":"/metadata/labels/copied"},
             {"op":"move","from":"/metadata/finalizers","path":"/metadata/moved"},
             {"op":"add","path":"/spec/template/spec/containers/-","value":{"name":"debug"}},
             {"op":"add","path":"/metadata/annotations","value":{"a~b/c":"1"}},
             {"op":"test","path":"/metadata/annotations/a~0b~1c","value":"1"}]
            """));

        Assert.Equal("""{"app":"api","tier":"web","copied":"api"}""", result["metadata"]!["labels"]!.ToJsonString());
        Assert.Equal("""["a"]""", result["metadata"]!["moved"]!.ToJsonString());
        Assert.False(result["metadata"]!.AsObject().ContainsKey("finalizers"));
        Assert.Equal("api:3", result["spec"]!["template"]!["spec"]!["containers"]![0]!["image"]!.GetValue<string>());
        Assert.Equal("debug", result["spec"]!["template"]!["spec"]!["containers"]![2]!["name"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("""[{"op":"remove","path":"/metadata/labels/nope"}]""", 422)]
    [InlineData("""[{"op":"replace","path":"/spec/template/spec/containers/7/image","value":"x"}]""", 422)]
    [InlineData("""[{"op":"test","path":"/metadata/name","value":"web"}]""", 422)]
    [InlineData("""{"op":"add"}""", 400)]
    [InlineData("""[{"op":"frobnicate","path":"/a"}]""", 400)]
    public void Json_patch_errors_are_bad_requests_or_unprocessable(string patch, int code) =>
        Assert.Equal(code, Assert.Throws<ApiException>(() => JsonPatch.Apply(Parse(Deployment), JsonNode.Parse(patch))).Code);

    private static JsonObject Parse(string json) => JsonNode.Parse(json)!.AsObject();
}

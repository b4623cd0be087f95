using System.Text.Json.Nodes;
using MeshBot.Cluster;

namespace MeshBot.Bot.Demo.Cluster.Simulation;

/// <summary>
/// The cluster's controllers, run after every real write that changed something: a pod template change rolls the
/// workload (and the endpoints follow its pods); istiod rolling out restarts it, after which ReplicaSets that could not
/// create pods while the injector was down get them; a PeerAuthentication or DestinationRule change heals the
/// proxies' traffic. A namespace label for injection needs no controller (injection happens only when a pod is created);
/// one enrolling the namespace in ambient has istio-cni redirect its running pods.
/// </summary>
internal sealed class Simulator
{
    private static readonly ResourceKind[] PodControllers = [ResourceKinds.Deployment, ResourceKinds.StatefulSet, ResourceKinds.DaemonSet];

    private readonly ObjectStore _store;
    private readonly RolloutController _rollouts;
    private readonly ReplicaSetController _replicaSets;
    private readonly EndpointsController _endpoints;
    private readonly IstiodController _istiod;
    private readonly Traffic _traffic;
    private readonly IstioCniController _cni;

    public Simulator(ObjectStore store, LogStore logs, List<string> activity)
    {
        _store = store;
        _traffic = new Traffic(store, logs);
        var pods = new PodCreator(store, new SidecarInjector(store), new PodAddresses(store), new EventRecorder(store), _traffic, activity);
        _replicaSets = new ReplicaSetController(store, pods);
        _rollouts = new RolloutController(store, logs, pods, _replicaSets, new WorkloadStatus(store));
        _endpoints = new EndpointsController(store);
        _istiod = new IstiodController(store, _traffic, activity);
        _cni = new IstioCniController(store);
    }

    public void AfterWrite(ResourceKind kind, JsonObject? before, JsonObject after)
    {
        if (PodControllers.Contains(kind) && !JsonNode.DeepEquals(before?.At("spec", "template"), after.At("spec", "template")))
        {
            _endpoints.Sync(after.Namespace() ?? "default", _rollouts.Rollout(kind, after));
            _cni.Redirect(after.Namespace() ?? "default"); // new pods of an ambient workload are redirected as they start
            if (IstiodController.IsIstiod(kind, after))
            {
                _istiod.Start(after);
                RetryFailedReplicaSets();
            }
        }
        if (kind == ResourceKinds.Namespace)
        {
            _cni.Redirect(after.Name());
        }
        if (kind == ResourceKinds.PeerAuthentication || kind == ResourceKinds.DestinationRule)
        {
            _traffic.Heal();
        }
    }

    // The ReplicaSet controller retries with back-off; with the injector back, the retry succeeds.
    private void RetryFailedReplicaSets()
    {
        foreach (var listed in _store.List(ResourceKinds.ReplicaSet))
        {
            // Re-read: filling one ReplicaSet rolls its Deployment, which may already have scaled an older one to zero.
            if (_store.Get(ResourceKinds.ReplicaSet, listed.Namespace(), listed.Name()) is not { } rs)
            {
                continue;
            }
            if ((rs.Int("spec", "replicas") ?? 0) > WorkloadPods.OfReplicaSet(_store, rs).Count)
            {
                var owner = rs.Items("metadata", "ownerReferences").FirstOrDefault(o => o.Str("kind") == "Deployment")?.Str("name");
                var changed = _replicaSets.Fill(rs, owner ?? rs.Name()).ToList();
                if (owner is not null && _store.Get(ResourceKinds.Deployment, rs.Namespace(), owner) is { } deployment)
                {
                    changed.AddRange(_rollouts.Progress(deployment, rs));
                }
                _endpoints.Sync(rs.Namespace() ?? "default", changed);
            }
        }
    }
}

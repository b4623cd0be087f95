namespace MeshBot.Cluster.Writing;

public enum PatchType
{
    /// <summary><c>application/merge-patch+json</c> (RFC 7386): maps merge, null deletes, lists are replaced.</summary>
    Merge,

    /// <summary><c>application/strategic-merge-patch+json</c>: built-in kinds only; custom resources answer 415.</summary>
    StrategicMerge,

    /// <summary><c>application/json-patch+json</c> (RFC 6902): operations by path.</summary>
    Json,
}

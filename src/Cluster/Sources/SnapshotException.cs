namespace MeshBot.Cluster.Sources;

/// <summary>A snapshot that cannot be read; the message names the file and, where known, the line.</summary>
public sealed class SnapshotException(string message, Exception? inner = null) : Exception(message, inner);

namespace MeshBot.Cluster.Sources;

/// <summary>
/// The gate every snapshot file passes before it is opened: a regular file (a FIFO would block the reader forever, a
/// device never ends) no larger than <see cref="SnapshotLimits.MaxFileBytes"/>. Refusals are one line naming the file.
/// </summary>
internal static class SnapshotFile
{
    /// <summary>The file's size, once it is known to be a regular file within the limit.</summary>
    /// <param name="followLinks">Whether a symbolic link may stand for the file (only where the user named it).</param>
    public static long Admit(string path, SnapshotLimits limits, bool followLinks)
    {
        var status = Status(path, followLinks);
        if (status.Kind == FileKind.Missing)
        {
            throw new SnapshotException($"{path}: does not exist");
        }
        if (status.Kind != FileKind.Regular)
        {
            throw new SnapshotException($"{path}: {FileKinds.Describe(status.Kind)}, not a regular file");
        }
        if (status.Size > limits.MaxFileBytes)
        {
            throw new SnapshotException($"{path}: {SnapshotLimits.Size(status.Size)}, over the limit of {SnapshotLimits.Size(limits.MaxFileBytes)} for one snapshot file");
        }
        return status.Size;
    }

    /// <summary>What the path is, an error to stat it being one line too.</summary>
    public static FileStatus Status(string path, bool followLinks)
    {
        try
        {
            return FileKinds.Of(path, followLinks);
        }
        catch (IOException e)
        {
            throw new SnapshotException($"{path}: cannot be read: {e.Message}", e);
        }
    }
}

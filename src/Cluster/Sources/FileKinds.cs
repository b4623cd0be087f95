using System.Runtime.InteropServices;

namespace MeshBot.Cluster.Sources;

internal enum FileKind
{
    Missing,
    Regular,
    Directory,
    SymbolicLink,
    Fifo,
    Socket,
    CharacterDevice,
    BlockDevice,
}

/// <summary>A path's kind and size, as the file system has them.</summary>
internal readonly record struct FileStatus(FileKind Kind, long Size);

/// <summary>
/// What a path is, found without opening it: opening a FIFO for reading blocks until a writer comes, and .NET reports a
/// FIFO, a socket and a device all as <see cref="FileAttributes.Normal"/>. On Linux this asks statx(2), whose buffer has
/// the same layout on every architecture; elsewhere only links, directories and (Windows) devices can be told apart.
/// </summary>
internal static class FileKinds
{
    private const int AtFdCwd = -100;
    private const int AtSymlinkNoFollow = 0x100;
    private const uint StatxTypeAndSize = 0x1 | 0x200; // STATX_TYPE | STATX_SIZE
    private const int ModeOffset = 28;                // struct statx: __u16 stx_mode
    private const int SizeOffset = 40;                // struct statx: __u64 stx_size
    private const int NoEntry = 2;                    // ENOENT
    private const int NotADirectory = 20;             // ENOTDIR

    /// <summary>The path itself (a link is <see cref="FileKind.SymbolicLink"/>), or with <paramref name="followLinks"/> what it leads to.</summary>
    public static FileStatus Of(string path, bool followLinks)
    {
        if (!OperatingSystem.IsLinux())
        {
            return Portable(path, followLinks);
        }
        var buffer = new byte[256];
        if (statx(AtFdCwd, path, followLinks ? 0 : AtSymlinkNoFollow, StatxTypeAndSize, buffer) != 0)
        {
            var error = Marshal.GetLastPInvokeError();
            return error is NoEntry or NotADirectory
                ? new FileStatus(FileKind.Missing, 0)
                : throw new IOException(Marshal.GetPInvokeErrorMessage(error));
        }
        var kind = (MemoryMarshal.Read<ushort>(buffer.AsSpan(ModeOffset)) & 0xF000) switch
        {
            0x8000 => FileKind.Regular,
            0x4000 => FileKind.Directory,
            0xA000 => FileKind.SymbolicLink,
            0x1000 => FileKind.Fifo,
            0xC000 => FileKind.Socket,
            0x2000 => FileKind.CharacterDevice,
            _ => FileKind.BlockDevice,
        };
        return new FileStatus(kind, (long)MemoryMarshal.Read<ulong>(buffer.AsSpan(SizeOffset)));
    }

    /// <summary>How the kind reads in a refusal: "a FIFO".</summary>
    public static string Describe(FileKind kind) => kind switch
    {
        FileKind.Missing => "missing",
        FileKind.Regular => "a regular file",
        FileKind.Directory => "a directory",
        FileKind.SymbolicLink => "a symbolic link",
        FileKind.Fifo => "a FIFO",
        FileKind.Socket => "a socket",
        FileKind.CharacterDevice => "a character device",
        _ => "a block device",
    };

    private static FileStatus Portable(string path, bool followLinks)
    {
        var info = new FileInfo(path);
        if (!info.Exists && !Directory.Exists(path))
        {
            return new FileStatus(FileKind.Missing, 0);
        }
        if (!followLinks && info.LinkTarget is not null)
        {
            return new FileStatus(FileKind.SymbolicLink, 0);
        }
        var attributes = File.GetAttributes(path);
        return (attributes & FileAttributes.Directory) != 0 ? new FileStatus(FileKind.Directory, 0)
            : (attributes & FileAttributes.Device) != 0 ? new FileStatus(FileKind.CharacterDevice, 0)
            : new FileStatus(FileKind.Regular, new FileInfo(info.ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? path).Length);
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int statx(int directory, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, uint mask, byte[] buffer);
}

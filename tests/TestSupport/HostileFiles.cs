using System.Diagnostics;
using System.Text;

namespace MeshBot.Testing;

/// <summary>
/// Snapshot files made to hurt the reader, written for real: a YAML alias bomb, YAML and JSON nested a thousand levels,
/// a FIFO (opening one for reading blocks until a writer comes) and a sparse file larger than any real bundle file.
/// Shared by the tests and the benchmark's measurement of the refusals.
/// </summary>
public static class HostileFiles
{
    /// <summary>Billion laughs: nine anchors, each a list of nine aliases of the one before (9⁹ strings from 597 bytes).</summary>
    public static void AliasBomb(string path)
    {
        var yaml = new StringBuilder("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        for (var level = 'b'; level <= 'i'; level++)
        {
            var previous = (char)(level - 1);
            yaml.Append($"{level}: &{level} [{string.Join(',', Enumerable.Repeat($"*{previous}", 9))}]\n");
        }
        Write(path, yaml.ToString());
    }

    /// <summary>A ConfigMap whose data holds flow sequences nested <paramref name="depth"/> levels.</summary>
    public static void DeepYaml(string path, int depth = 1000) =>
        Write(path, $"apiVersion: v1\nkind: ConfigMap\nmetadata: {{name: deep, namespace: default}}\ndata:\n  deep: {new string('[', depth)}{new string(']', depth)}\n");

    /// <summary>The same ConfigMap as JSON.</summary>
    public static void DeepJson(string path, int depth = 1000) =>
        Write(path, $"{{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{{\"name\":\"deep\",\"namespace\":\"default\"}},\"data\":{{\"deep\":{new string('[', depth)}{new string(']', depth)}}}}}");

    /// <summary>A named pipe, made with <c>mkfifo</c>.</summary>
    public static void Fifo(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        using var mkfifo = Process.Start(new ProcessStartInfo("mkfifo", [path]) { UseShellExecute = false, RedirectStandardError = true })!;
        var error = mkfifo.StandardError.ReadToEnd();
        mkfifo.WaitForExit();
        if (mkfifo.ExitCode != 0)
        {
            throw new InvalidOperationException($"mkfifo {path}: {error}");
        }
    }

    /// <summary>A file of <paramref name="bytes"/> zero bytes that takes no disk space (FileStream.SetLength leaves a hole).</summary>
    public static void Sparse(string path, long bytes)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write);
        file.SetLength(bytes);
    }

    private static void Write(string path, string text)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        File.WriteAllText(path, text);
    }
}

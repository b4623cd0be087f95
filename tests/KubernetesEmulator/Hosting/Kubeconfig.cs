using System.Text;

namespace MeshBot.KubernetesEmulator.Hosting;

/// <summary>Renders a one-cluster, one-user kubeconfig with the CA and credential embedded, as kubectl and client libraries read it.</summary>
internal static class Kubeconfig
{
    public static string Render(Uri server, string caPem, EmulatorCredential credential, string? @namespace)
    {
        var user = credential switch
        {
            EmulatorCredential.TokenCredential token => $"  user:\n    token: {token.Value}\n",
            EmulatorCredential.CertificateCredential cert =>
                $"  user:\n    client-certificate-data: {Base64(cert.CertificatePem)}\n    client-key-data: {Base64(cert.PrivateKeyPem)}\n",
            _ => "  user: {}\n",
        };
        var context = $"    cluster: emulator\n    user: {credential.UserEntryName}\n" + (@namespace is null ? "" : $"    namespace: {@namespace}\n");
        return "apiVersion: v1\nkind: Config\n"
            + $"clusters:\n- name: emulator\n  cluster:\n    server: {server.GetLeftPart(UriPartial.Authority)}\n    certificate-authority-data: {Base64(caPem)}\n"
            + $"users:\n- name: {credential.UserEntryName}\n{user}"
            + $"contexts:\n- name: emulator\n  context:\n{context}"
            + "current-context: emulator\npreferences: {}\n";
    }

    private static string Base64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));
}

using MeshBot.Cluster.Kinds;
using MeshBot.Diagnosis.Mesh;

namespace MeshBot.Diagnosis.Runbook;

/// <summary>What the server of one port on the path accepts: its data plane, the mode its policies compose to, and what is enforced.</summary>
public sealed record EdgeServer(DataPlane DataPlane, EffectivePeerAuthentication Policy, MtlsMode Enforced);

/// <summary>What the client sends toward one port: its data plane, the DestinationRule that applied (or auto mTLS), and the result.</summary>
public sealed record EdgeClient(DataPlane DataPlane, EffectiveDestinationRule? Rule, Origination Sends, string Why);

/// <summary>
/// The TLS contract of one edge of the path, per port: what the server accepts, what the client sends, and whether
/// they agree (null when MeshBot cannot tell: a mix of data planes it does not model).
/// </summary>
public sealed record PortEdge(string Server, PathPort Port, EdgeServer Accepts, EdgeClient? Sends, bool? Compatible, string Why);

using MeshBot.Diagnosis.Runbook;

namespace MeshBot.Bot.Tests.Incidents;

internal static class Requests
{
    public static readonly DiagnosisRequest Api = new(new TargetSpec("payments", "api"));

    public static readonly DiagnosisRequest PrometheusToApi = new(new TargetSpec("payments", "api"), new TargetSpec("monitoring", "prometheus"), 80);
}

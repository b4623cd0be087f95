namespace MeshBot.Bot.Incidents.Store;

/// <summary>
/// The schema, version by version. A migration is never edited once released: add the next one. Each runs in a
/// transaction together with the row that records it in <c>schema_migrations</c>.
/// </summary>
internal static class Migrations
{
    public static readonly IReadOnlyList<(int Version, string Name, string Sql)> All =
    [
        (1, "incidents, proposals, votes, steps, audit", """
            CREATE TABLE incidents (
                id TEXT PRIMARY KEY,
                correlation_id TEXT NOT NULL,
                origin TEXT NOT NULL,
                group_key TEXT UNIQUE,
                requester TEXT NOT NULL,
                target TEXT NOT NULL,
                source TEXT,
                port INTEGER,
                state TEXT NOT NULL,
                report_json TEXT,
                verdict TEXT,
                cause TEXT,
                thread TEXT,
                created_at TEXT NOT NULL,
                updated_at TEXT NOT NULL
            );
            CREATE INDEX incidents_state ON incidents(state);
            CREATE TABLE proposals (
                incident_id TEXT NOT NULL REFERENCES incidents(id),
                id TEXT NOT NULL,
                sequence INTEGER NOT NULL,
                proposal_json TEXT NOT NULL,
                preview_json TEXT NOT NULL,
                status TEXT NOT NULL,
                proposed_at TEXT NOT NULL,
                PRIMARY KEY (incident_id, id)
            );
            CREATE TABLE votes (
                incident_id TEXT NOT NULL,
                proposal_id TEXT NOT NULL,
                actor TEXT NOT NULL,
                kind TEXT NOT NULL,
                at TEXT NOT NULL,
                PRIMARY KEY (incident_id, proposal_id, actor)
            );
            CREATE TABLE steps (
                incident_id TEXT NOT NULL,
                proposal_id TEXT NOT NULL,
                step_index INTEGER NOT NULL,
                description TEXT NOT NULL,
                status TEXT NOT NULL,
                detail TEXT NOT NULL,
                at TEXT NOT NULL,
                PRIMARY KEY (incident_id, proposal_id, step_index)
            );
            CREATE TABLE audit (
                sequence INTEGER PRIMARY KEY AUTOINCREMENT,
                at TEXT NOT NULL,
                incident_id TEXT,
                correlation_id TEXT,
                actor TEXT NOT NULL,
                kind TEXT NOT NULL,
                summary TEXT NOT NULL,
                detail_json TEXT
            );
            CREATE INDEX audit_incident ON audit(incident_id);
            """),
    ];
}

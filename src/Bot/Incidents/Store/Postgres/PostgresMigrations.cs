namespace MeshBot.Bot.Incidents.Store.Postgres;

/// <summary>
/// The PostgreSQL schema, version by version, with the same tables, keys and meaning as the SQLite one
/// (<c>Migrations.cs</c>): version 1 the incidents, proposals, votes, steps and audit; version 2 execution claims and
/// leases, plus what several replicas need on <c>incidents</c> (a row version for optimistic concurrency, the replica
/// that last moved the incident on). Timestamps are <c>timestamptz</c>. Never edit a released migration: add the next.
/// </summary>
internal static class PostgresMigrations
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
                created_at TIMESTAMPTZ NOT NULL,
                updated_at TIMESTAMPTZ NOT NULL
            );
            CREATE INDEX incidents_state ON incidents(state);
            CREATE TABLE proposals (
                incident_id TEXT NOT NULL REFERENCES incidents(id),
                id TEXT NOT NULL,
                sequence INTEGER NOT NULL,
                proposal_json TEXT NOT NULL,
                preview_json TEXT NOT NULL,
                status TEXT NOT NULL,
                proposed_at TIMESTAMPTZ NOT NULL,
                PRIMARY KEY (incident_id, id)
            );
            CREATE TABLE votes (
                seq BIGINT GENERATED ALWAYS AS IDENTITY,
                incident_id TEXT NOT NULL,
                proposal_id TEXT NOT NULL,
                actor TEXT NOT NULL,
                kind TEXT NOT NULL,
                at TIMESTAMPTZ NOT NULL,
                PRIMARY KEY (incident_id, proposal_id, actor)
            );
            CREATE TABLE steps (
                incident_id TEXT NOT NULL,
                proposal_id TEXT NOT NULL,
                step_index INTEGER NOT NULL,
                description TEXT NOT NULL,
                status TEXT NOT NULL,
                detail TEXT NOT NULL,
                at TIMESTAMPTZ NOT NULL,
                PRIMARY KEY (incident_id, proposal_id, step_index)
            );
            CREATE TABLE audit (
                sequence BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                at TIMESTAMPTZ NOT NULL,
                incident_id TEXT,
                correlation_id TEXT,
                actor TEXT NOT NULL,
                kind TEXT NOT NULL,
                summary TEXT NOT NULL,
                detail_json TEXT
            );
            CREATE INDEX audit_incident ON audit(incident_id);
            """),
        (2, "execution claims, leases, incident version and worker", """
            CREATE TABLE execution_claims (
                incident_id TEXT NOT NULL,
                proposal_id TEXT NOT NULL,
                owner TEXT NOT NULL,
                claimed_at TIMESTAMPTZ NOT NULL,
                PRIMARY KEY (incident_id, proposal_id)
            );
            CREATE TABLE leases (
                name TEXT PRIMARY KEY,
                holder TEXT NOT NULL,
                expires_at TIMESTAMPTZ NOT NULL
            );
            ALTER TABLE incidents ADD COLUMN version BIGINT NOT NULL DEFAULT 0;
            ALTER TABLE incidents ADD COLUMN worker TEXT;
            """),
    ];
}

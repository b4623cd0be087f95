using System.Globalization;
using System.Runtime.CompilerServices;
using MeshBot.Diagnosis.Runbook;
using MeshBot.Remediation.Approval;
using MeshBot.Remediation.Execution;
using Microsoft.Data.Sqlite;

namespace MeshBot.Bot.Incidents.Store;

/// <summary>
/// The incident store on SQLite (<c>MeshBot:Store:ConnectionString</c>, default <c>Data Source=meshbot.db</c>). One
/// connection per call, so the store is safe to share; WAL mode so readers never block the writer.
/// </summary>
public sealed class SqliteIncidentStore(string connectionString) : IIncidentStore
{
    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await Execute(connection, "PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000;", cancellationToken).ConfigureAwait(false);
        return connection;
    }

    /// <summary>Every migration of this store, in order.</summary>
    internal static IEnumerable<(int Version, string Name, string Sql)> Schema => Migrations.All.Concat(ReplicaMigrations);

    /// <summary>
    /// Creates the store when its file does not exist, brings an existing store's schema up to date, and refuses
    /// (<see cref="StoreFileException"/>) a file that is empty, damaged or not a MeshBot store, leaving it untouched.
    /// </summary>
    public async Task MigrateAsync(CancellationToken cancellationToken = default)
    {
        await SqliteStoreFile.InspectAsync(connectionString, Schema, cancellationToken).ConfigureAwait(false);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await Execute(connection, "PRAGMA journal_mode = WAL; CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL);", cancellationToken).ConfigureAwait(false);
        var applied = new HashSet<long>();
        await using (var read = Command(connection, "SELECT version FROM schema_migrations"))
        await using (var reader = await read.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                applied.Add(reader.GetInt64(0));
            }
        }
        foreach (var (version, name, sql) in Schema.Where(m => !applied.Contains(m.Version)))
        {
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await Execute(connection, sql, cancellationToken, transaction).ConfigureAwait(false);
            await using var record = Command(connection, "INSERT INTO schema_migrations VALUES ($v, $n, $at)", transaction, ("$v", version), ("$n", name), ("$at", Time(DateTimeOffset.UtcNow)));
            await record.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<(Incident Incident, bool Created)> CreateAsync(Incident incident, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var insert = Command(connection, """
            INSERT INTO incidents (id, correlation_id, origin, group_key, requester, target, source, port, state, report_json, verdict, cause, thread, created_at, updated_at)
            VALUES ($id, $cid, $origin, $group, $requester, $target, $source, $port, $state, $report, $verdict, $cause, $thread, $created, $updated)
            ON CONFLICT(group_key) DO NOTHING
            """, null, Parameters(incident));
        var created = await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
        return created ? (incident, true) : (await FindByGroupKeyAsync(incident.GroupKey!, cancellationToken).ConfigureAwait(false) ?? incident, false);
    }

    public Task<Incident?> GetAsync(string id, CancellationToken cancellationToken = default) =>
        SingleIncident("SELECT * FROM incidents WHERE id = $p", id, cancellationToken);

    public Task<Incident?> FindByGroupKeyAsync(string groupKey, CancellationToken cancellationToken = default) =>
        SingleIncident("SELECT * FROM incidents WHERE group_key = $p", groupKey, cancellationToken);

    public async Task<IReadOnlyList<Incident>> ListAsync(IReadOnlyCollection<IncidentState>? states = null, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var query = Command(connection, "SELECT * FROM incidents ORDER BY created_at");
        var incidents = new List<Incident>();
        await using var reader = await query.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var incident = ReadIncident(reader);
            if (states is null || states.Contains(incident.State))
            {
                incidents.Add(incident);
            }
        }
        return incidents;
    }

    public async Task UpdateAsync(Incident incident, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var update = Command(connection, """
            UPDATE incidents SET state = $state, report_json = $report, verdict = $verdict, cause = $cause, thread = $thread, updated_at = $updated
            WHERE id = $id
            """, null, Parameters(incident));
        await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task ReplaceProposalsAsync(string incidentId, IReadOnlyList<StoredProposal> proposals, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (var delete = Command(connection, "DELETE FROM proposals WHERE incident_id = $i; DELETE FROM votes WHERE incident_id = $i; DELETE FROM execution_claims WHERE incident_id = $i", transaction, ("$i", incidentId)))
        {
            await delete.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        foreach (var p in proposals)
        {
            await using var insert = Command(connection, "INSERT INTO proposals VALUES ($i, $id, $seq, $p, $preview, $status, $at)", transaction,
                ("$i", incidentId), ("$id", p.Id), ("$seq", p.Sequence), ("$p", ProposalCodec.Encode(p.Proposal)),
                ("$preview", ProposalCodec.Encode(p.Preview)), ("$status", p.Status.ToString()), ("$at", Time(p.ProposedAt)));
            await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<StoredProposal>> ProposalsAsync(string incidentId, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var query = Command(connection, "SELECT sequence, proposal_json, preview_json, status, proposed_at FROM proposals WHERE incident_id = $i ORDER BY sequence", null, ("$i", incidentId));
        var result = new List<StoredProposal>();
        await using var reader = await query.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            result.Add(new StoredProposal(incidentId, reader.GetInt32(0), ProposalCodec.Decode(reader.GetString(1)), ProposalCodec.DecodePreview(reader.GetString(2)),
                Enum.Parse<ProposalStatus>(reader.GetString(3)), ParseTime(reader.GetString(4))));
        }
        return result;
    }

    public async Task SetProposalStatusAsync(string incidentId, string proposalId, ProposalStatus status, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var update = Command(connection, "UPDATE proposals SET status = $s WHERE incident_id = $i AND id = $p AND status NOT IN ('Executed', 'Failed', 'Rejected', 'Expired')", null, ("$s", status.ToString()), ("$i", incidentId), ("$p", proposalId));
        await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<bool> AddVoteAsync(string incidentId, Vote vote, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var insert = Command(connection, "INSERT INTO votes VALUES ($i, $p, $a, $k, $at) ON CONFLICT DO NOTHING", null,
            ("$i", incidentId), ("$p", vote.ProposalId), ("$a", vote.Actor), ("$k", vote.Kind.ToString()), ("$at", Time(vote.At)));
        return await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    public async Task<IReadOnlyList<Vote>> VotesAsync(string incidentId, string proposalId, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var query = Command(connection, "SELECT actor, kind, at FROM votes WHERE incident_id = $i AND proposal_id = $p ORDER BY at", null, ("$i", incidentId), ("$p", proposalId));
        var votes = new List<Vote>();
        await using var reader = await query.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            votes.Add(new Vote(proposalId, reader.GetString(0), Enum.Parse<VoteKind>(reader.GetString(1)), ParseTime(reader.GetString(2))));
        }
        return votes;
    }

    public async Task RecordStepAsync(string incidentId, string proposalId, StepOutcome step, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var upsert = Command(connection, """
            INSERT INTO steps VALUES ($i, $p, $n, $d, $s, $detail, $at)
            ON CONFLICT (incident_id, proposal_id, step_index) DO UPDATE SET status = excluded.status, detail = excluded.detail, at = excluded.at
            """, null, ("$i", incidentId), ("$p", proposalId), ("$n", step.Index), ("$d", step.Description), ("$s", step.Status.ToString()), ("$detail", step.Detail), ("$at", Time(at)));
        await upsert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<StoredStep>> StepsAsync(string incidentId, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var query = Command(connection, "SELECT proposal_id, step_index, description, status, detail, at FROM steps WHERE incident_id = $i ORDER BY at, step_index", null, ("$i", incidentId));
        var steps = new List<StoredStep>();
        await using var reader = await query.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            steps.Add(new StoredStep(incidentId, reader.GetString(0), reader.GetInt32(1), reader.GetString(2), Enum.Parse<StepStatus>(reader.GetString(3)), reader.GetString(4), ParseTime(reader.GetString(5))));
        }
        return steps;
    }

    public async Task AppendAuditAsync(AuditEntry entry, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var insert = Command(connection, "INSERT INTO audit (at, incident_id, correlation_id, actor, kind, summary, detail_json) VALUES ($at, $i, $c, $a, $k, $s, $d)", null,
            ("$at", Time(entry.At)), ("$i", entry.IncidentId), ("$c", entry.CorrelationId), ("$a", entry.Actor), ("$k", entry.Kind), ("$s", entry.Summary), ("$d", entry.DetailJson));
        await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async IAsyncEnumerable<AuditEntry> AuditAsync(string? incidentId = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var query = Command(connection, "SELECT sequence, at, incident_id, correlation_id, actor, kind, summary, detail_json FROM audit WHERE $i IS NULL OR incident_id = $i ORDER BY sequence", null, ("$i", incidentId));
        await using var reader = await query.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return new AuditEntry(reader.GetInt64(0), ParseTime(reader.GetString(1)), Text(reader, 2), Text(reader, 3), reader.GetString(4), reader.GetString(5), reader.GetString(6), Text(reader, 7));
        }
    }

    public async Task<bool> TryClaimExecutionAsync(string incidentId, string proposalId, string owner, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var claim = Command(connection, """
            INSERT INTO execution_claims VALUES ($i, $p, $o, $at) ON CONFLICT DO NOTHING;
            SELECT owner FROM execution_claims WHERE incident_id = $i AND proposal_id = $p
            """, null, ("$i", incidentId), ("$p", proposalId), ("$o", owner), ("$at", Time(DateTimeOffset.UtcNow)));
        return await claim.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as string == owner;
    }

    public async Task<bool> TryAcquireLeaseAsync(string name, string holder, TimeSpan ttl, CancellationToken cancellationToken = default)
    {
        var now = DateTimeOffset.UtcNow;
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var upsert = Command(connection, """
            INSERT INTO leases VALUES ($n, $h, $until) ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
            WHERE leases.holder = excluded.holder OR leases.expires_at <= $now
            """, null, ("$n", name), ("$h", holder), ("$until", Time(now + ttl)), ("$now", Time(now)));
        return await upsert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    public async Task ReleaseLeaseAsync(string name, string holder, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var delete = Command(connection, "DELETE FROM leases WHERE name = $n AND holder = $h", null, ("$n", name), ("$h", holder));
        await delete.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    // Version 2 (execution claims and leases, for several replicas) lives here beside the store that applies it; the
    // PostgreSQL store has the same tables (Postgres/PostgresMigrations.cs).
    private static readonly IReadOnlyList<(int Version, string Name, string Sql)> ReplicaMigrations =
    [
        (2, "execution claims, leases", """
            CREATE TABLE execution_claims (
                incident_id TEXT NOT NULL,
                proposal_id TEXT NOT NULL,
                owner TEXT NOT NULL,
                claimed_at TEXT NOT NULL,
                PRIMARY KEY (incident_id, proposal_id)
            );
            CREATE TABLE leases (
                name TEXT PRIMARY KEY,
                holder TEXT NOT NULL,
                expires_at TEXT NOT NULL
            );
            """),
    ];

    private async Task<Incident?> SingleIncident(string sql, string value, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var query = Command(connection, sql, null, ("$p", value));
        await using var reader = await query.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? ReadIncident(reader) : null;
    }

    private static Incident ReadIncident(SqliteDataReader r) => new()
    {
        Id = r.GetString(r.GetOrdinal("id")),
        CorrelationId = r.GetString(r.GetOrdinal("correlation_id")),
        Origin = r.GetString(r.GetOrdinal("origin")),
        GroupKey = Text(r, r.GetOrdinal("group_key")),
        Requester = r.GetString(r.GetOrdinal("requester")),
        Request = new DiagnosisRequest(
            TargetSpec.Parse(r.GetString(r.GetOrdinal("target"))),
            Text(r, r.GetOrdinal("source")) is { } source ? TargetSpec.Parse(source) : null,
            r.IsDBNull(r.GetOrdinal("port")) ? null : r.GetInt32(r.GetOrdinal("port"))),
        State = Enum.Parse<IncidentState>(r.GetString(r.GetOrdinal("state"))),
        ReportJson = Text(r, r.GetOrdinal("report_json")),
        Verdict = Text(r, r.GetOrdinal("verdict")),
        Cause = Text(r, r.GetOrdinal("cause")),
        Thread = Text(r, r.GetOrdinal("thread")),
        CreatedAt = ParseTime(r.GetString(r.GetOrdinal("created_at"))),
        UpdatedAt = ParseTime(r.GetString(r.GetOrdinal("updated_at"))),
    };

    private static (string, object?)[] Parameters(Incident i) =>
    [
        ("$id", i.Id), ("$cid", i.CorrelationId), ("$origin", i.Origin), ("$group", i.GroupKey), ("$requester", i.Requester),
        ("$target", i.Request.Target.ToString()), ("$source", i.Request.Source?.ToString()), ("$port", i.Request.Port),
        ("$state", i.State.ToString()), ("$report", i.ReportJson), ("$verdict", i.Verdict), ("$cause", i.Cause), ("$thread", i.Thread),
        ("$created", Time(i.CreatedAt)), ("$updated", Time(i.UpdatedAt)),
    ];

    private static SqliteCommand Command(SqliteConnection connection, string sql, SqliteTransaction? transaction = null, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }
        return command;
    }

    private static async Task Execute(SqliteConnection connection, string sql, CancellationToken cancellationToken, SqliteTransaction? transaction = null)
    {
        await using var command = Command(connection, sql, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static string? Text(SqliteDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    private static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ", CultureInfo.InvariantCulture);

    private static DateTimeOffset ParseTime(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
}

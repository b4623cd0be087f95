using System.Runtime.CompilerServices;
using MeshBot.Diagnosis.Runbook;
using MeshBot.Remediation.Approval;
using MeshBot.Remediation.Execution;
using Npgsql;
using NpgsqlTypes;

namespace MeshBot.Bot.Incidents.Store.Postgres;

/// <summary>
/// The incident store on PostgreSQL, shared by several replicas (<c>MeshBot:Store:Provider=postgres</c>). The same
/// tables and keys as the SQLite store, so the same races end the same way: a vote counts once by its primary key, an
/// alert group opens one incident by the unique <c>group_key</c> (<c>ON CONFLICT DO NOTHING</c>), a proposal runs
/// once by its execution claim. What one process got from its in-process locks, several get from the database:
/// <list type="bullet">
/// <item>every incident row has a version; an <see cref="UpdateAsync"/> of an incident this store handed out is a
/// compare-and-set on the version it was read at, so a replica acting on a stale copy (both replicas firing Approved, a
/// late settle after the other replica verified) gets <see cref="IncidentConflictException"/> and writes nothing;</item>
/// <item>every write that moves an incident on records this <see cref="Replica"/> as its worker, so that only incidents
/// whose worker stopped renewing its liveness lease are recovered (<see cref="AbandonedIncidentsAsync"/>);</item>
/// <item>leases expire by the database's clock, which all replicas share.</item>
/// </list>
/// One pooled data source per store; the store is safe to share.
/// </summary>
public sealed class PostgresIncidentStore : IIncidentStore, IReplicaStore, IAsyncDisposable, IDisposable
{
    // pg_advisory_xact_lock key serialising concurrent migrations of replicas that start together ("meshbot").
    private const long MigrationLockKey = 0x6d65736862_6f74;

    private readonly NpgsqlDataSource _source;
    private readonly ConditionalWeakTable<Incident, StrongBox<long>> _versions = [];

    public PostgresIncidentStore(string connectionString, string replica)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(replica);
        _source = NpgsqlDataSource.Create(connectionString);
        Replica = replica;
    }

    public string Replica { get; }

    /// <summary>Where the store connects (host, port, database; never the password).</summary>
    public string Description
    {
        get
        {
            var builder = new NpgsqlConnectionStringBuilder(_source.ConnectionString);
            return $"postgres {builder.Host}:{builder.Port}/{builder.Database ?? builder.Username}";
        }
    }

    public async Task MigrateAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await _source.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        // Replicas starting together: the first migrates, the others wait here and then find nothing left to do.
        await ExecuteAsync(connection, transaction, "SELECT pg_advisory_xact_lock(@k)", cancellationToken, Long("k", MigrationLockKey)).ConfigureAwait(false);
        await ExecuteAsync(connection, transaction, "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL)", cancellationToken).ConfigureAwait(false);
        var applied = new HashSet<int>();
        await using (var read = Command(connection, transaction, "SELECT version FROM schema_migrations"))
        await using (var reader = await read.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                applied.Add(reader.GetInt32(0));
            }
        }
        foreach (var (version, name, sql) in PostgresMigrations.All.Where(m => !applied.Contains(m.Version)))
        {
            await ExecuteAsync(connection, transaction, sql, cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(connection, transaction, "INSERT INTO schema_migrations VALUES (@v, @n, now())", cancellationToken, Int("v", version), Text("n", name)).ConfigureAwait(false);
        }
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The server's version and the schema version applied (0 before the first migration), for <c>check-config</c>.</summary>
    public async Task<(string Server, int Schema)> ProbeAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await _source.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var query = Command(connection, null, """
            SELECT current_setting('server_version'),
                   CASE WHEN to_regclass('schema_migrations') IS NULL THEN 0 ELSE (SELECT coalesce(max(version), 0) FROM schema_migrations) END
            """);
        await using var reader = await query.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        return (reader.GetString(0), reader.GetInt32(1));
    }

    public async Task<(Incident Incident, bool Created)> CreateAsync(Incident incident, CancellationToken cancellationToken = default)
    {
        await using var connection = await _source.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var insert = Command(connection, null, """
            INSERT INTO incidents (id, correlation_id, origin, group_key, requester, target, source, port, state, report_json, verdict, cause, thread, created_at, updated_at, version, worker)
            VALUES (@id, @cid, @origin, @group, @requester, @target, @source, @port, @state, @report, @verdict, @cause, @thread, @created, @updated, 0, @worker)
            ON CONFLICT (group_key) DO NOTHING
            """, [.. Parameters(incident), Text("worker", Replica)]);
        var created = await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
        if (created)
        {
            _versions.AddOrUpdate(incident, new StrongBox<long>(0));
            return (incident, true);
        }
        // ON CONFLICT waited for the other replica's insert to commit: the row is there to read.
        return (await FindByGroupKeyAsync(incident.GroupKey!, cancellationToken).ConfigureAwait(false) ?? incident, false);
    }

    public Task<Incident?> GetAsync(string id, CancellationToken cancellationToken = default) =>
        SingleIncidentAsync("SELECT * FROM incidents WHERE id = @p", id, cancellationToken);

    public Task<Incident?> FindByGroupKeyAsync(string groupKey, CancellationToken cancellationToken = default) =>
        SingleIncidentAsync("SELECT * FROM incidents WHERE group_key = @p", groupKey, cancellationToken);

    public async Task<IReadOnlyList<Incident>> ListAsync(IReadOnlyCollection<IncidentState>? states = null, CancellationToken cancellationToken = default)
    {
        await using var connection = await _source.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var query = states is null
            ? Command(connection, null, "SELECT * FROM incidents ORDER BY created_at, id")
            : Command(connection, null, "SELECT * FROM incidents WHERE state = ANY(@states) ORDER BY created_at, id", States("states", states));
        var incidents = new List<Incident>();
        await using var reader = await query.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            incidents.Add(ReadIncident(reader));
        }
        return incidents;
    }

    public async Task UpdateAsync(Incident incident, CancellationToken cancellationToken = default)
    {
        long? expected = _versions.TryGetValue(incident, out var known) ? known.Value : null;
        await using var connection = await _source.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        // The worker changes only when the state does: a thread reference saved by a chat observer is not progress.
        await using var update = Command(connection, null, $"""
            UPDATE incidents SET state = @state, report_json = @report, verdict = @verdict, cause = @cause, thread = @thread, updated_at = @updated,
                version = version + 1, worker = CASE WHEN state = @state THEN worker ELSE @worker END
            WHERE id = @id{(expected is null ? "" : " AND version = @expected")}
            RETURNING version
            """, [.. Parameters(incident), Text("worker", Replica), Long("expected", expected ?? 0)]);
        if (await update.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is long version)
        {
            _versions.AddOrUpdate(incident, new StrongBox<long>(version));
            return;
        }
        if (expected is { } stale)
        {
            await using var current = Command(connection, null, "SELECT version FROM incidents WHERE id = @id", Text("id", incident.Id));
            var now = await current.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as long?;
            if (now is not null)
            {
                throw new IncidentConflictException(incident.Id, stale, now);
            }
        }
        // No such incident: nothing to update, as in the SQLite store.
    }

    public async Task ReplaceProposalsAsync(string incidentId, IReadOnlyList<StoredProposal> proposals, CancellationToken cancellationToken = default)
    {
        await using var connection = await _source.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, transaction, """
            DELETE FROM proposals WHERE incident_id = @i;
            DELETE FROM votes WHERE incident_id = @i;
            DELETE FROM execution_claims WHERE incident_id = @i;
            UPDATE incidents SET worker = @w WHERE id = @i
            """, cancellationToken, Text("i", incidentId), Text("w", Replica)).ConfigureAwait(false);
        foreach (var p in proposals)
        {
            await ExecuteAsync(connection, transaction, """
                INSERT INTO proposals (incident_id, id, sequence, proposal_json, preview_json, status, proposed_at) VALUES (@i, @id, @seq, @p, @preview, @status, @at)
                """, cancellationToken,
                Text("i", incidentId), Text("id", p.Id), Int("seq", p.Sequence), Text("p", ProposalCodec.Encode(p.Proposal)),
                Text("preview", ProposalCodec.Encode(p.Preview)), Text("status", p.Status.ToString()), Time("at", p.ProposedAt)).ConfigureAwait(false);
        }
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<StoredProposal>> ProposalsAsync(string incidentId, CancellationToken cancellationToken = default)
    {
        await using var connection = await _source.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var query = Command(connection, null, "SELECT sequence, proposal_json, preview_json, status, proposed_at FROM proposals WHERE incident_id = @i ORDER BY sequence", Text("i", incidentId));
        var result = new List<StoredProposal>();
        await using var reader = await query.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            result.Add(new StoredProposal(incidentId, reader.GetInt32(0), ProposalCodec.Decode(reader.GetString(1)), ProposalCodec.DecodePreview(reader.GetString(2)),
                Enum.Parse<ProposalStatus>(reader.GetString(3)), ReadTime(reader, 4)));
        }
        return result;
    }

    public async Task SetProposalStatusAsync(string incidentId, string proposalId, ProposalStatus status, CancellationToken cancellationToken = default)
    {
        await using var connection = await _source.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        // An approval is work this replica now owes (the plan's execution): it becomes the incident's worker, so that the
        // plan is recovered by another replica if this one dies before running it.
        await ExecuteAsync(connection, null, """
            UPDATE proposals SET status = @s WHERE incident_id = @i AND id = @p AND status NOT IN ('Executed', 'Failed', 'Rejected', 'Expired');
            UPDATE incidents SET worker = @w WHERE id = @i AND @s = 'Approved' AND worker IS DISTINCT FROM @w
            """, cancellationToken,
            Text("s", status.ToString()), Text("i", incidentId), Text("p", proposalId), Text("w", Replica)).ConfigureAwait(false);
    }

    public async Task<bool> AddVoteAsync(string incidentId, Vote vote, CancellationToken cancellationToken = default)
    {
        await using var connection = await _source.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await ExecuteAsync(connection, null, "INSERT INTO votes (incident_id, proposal_id, actor, kind, at) VALUES (@i, @p, @a, @k, @at) ON CONFLICT DO NOTHING", cancellationToken,
            Text("i", incidentId), Text("p", vote.ProposalId), Text("a", vote.Actor), Text("k", vote.Kind.ToString()), Time("at", vote.At)).ConfigureAwait(false) == 1;
    }

    public async Task<IReadOnlyList<Vote>> VotesAsync(string incidentId, string proposalId, CancellationToken cancellationToken = default)
    {
        await using var connection = await _source.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var query = Command(connection, null, "SELECT actor, kind, at FROM votes WHERE incident_id = @i AND proposal_id = @p ORDER BY at, seq", Text("i", incidentId), Text("p", proposalId));
        var votes = new List<Vote>();
        await using var reader = await query.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            votes.Add(new Vote(proposalId, reader.GetString(0), Enum.Parse<VoteKind>(reader.GetString(1)), ReadTime(reader, 2)));
        }
        return votes;
    }

    public async Task RecordStepAsync(string incidentId, string proposalId, StepOutcome step, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        await using var connection = await _source.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, null, """
            INSERT INTO steps (incident_id, proposal_id, step_index, description, status, detail, at) VALUES (@i, @p, @n, @d, @s, @detail, @at)
            ON CONFLICT (incident_id, proposal_id, step_index) DO UPDATE SET status = excluded.status, detail = excluded.detail, at = excluded.at;
            UPDATE incidents SET worker = @w WHERE id = @i AND worker IS DISTINCT FROM @w
            """, cancellationToken,
            Text("i", incidentId), Text("p", proposalId), Int("n", step.Index), Text("d", step.Description), Text("s", step.Status.ToString()),
            Text("detail", step.Detail), Time("at", at), Text("w", Replica)).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<StoredStep>> StepsAsync(string incidentId, CancellationToken cancellationToken = default)
    {
        await using var connection = await _source.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var query = Command(connection, null, "SELECT proposal_id, step_index, description, status, detail, at FROM steps WHERE incident_id = @i ORDER BY at, step_index", Text("i", incidentId));
        var steps = new List<StoredStep>();
        await using var reader = await query.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            steps.Add(new StoredStep(incidentId, reader.GetString(0), reader.GetInt32(1), reader.GetString(2), Enum.Parse<StepStatus>(reader.GetString(3)), reader.GetString(4), ReadTime(reader, 5)));
        }
        return steps;
    }

    public async Task AppendAuditAsync(AuditEntry entry, CancellationToken cancellationToken = default)
    {
        await using var connection = await _source.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, null, "INSERT INTO audit (at, incident_id, correlation_id, actor, kind, summary, detail_json) VALUES (@at, @i, @c, @a, @k, @s, @d)", cancellationToken,
            Time("at", entry.At), Text("i", entry.IncidentId), Text("c", entry.CorrelationId), Text("a", entry.Actor), Text("k", entry.Kind), Text("s", entry.Summary), Text("d", entry.DetailJson)).ConfigureAwait(false);
    }

    public async IAsyncEnumerable<AuditEntry> AuditAsync(string? incidentId = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var connection = await _source.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        const string Columns = "SELECT sequence, at, incident_id, correlation_id, actor, kind, summary, detail_json FROM audit";
        await using var query = incidentId is null
            ? Command(connection, null, $"{Columns} ORDER BY sequence")
            : Command(connection, null, $"{Columns} WHERE incident_id = @i ORDER BY sequence", Text("i", incidentId));
        await using var reader = await query.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return new AuditEntry(reader.GetInt64(0), ReadTime(reader, 1), Nullable(reader, 2), Nullable(reader, 3), reader.GetString(4), reader.GetString(5), reader.GetString(6), Nullable(reader, 7));
        }
    }

    public async Task<bool> TryClaimExecutionAsync(string incidentId, string proposalId, string owner, CancellationToken cancellationToken = default)
    {
        await using var connection = await _source.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        // The insert wins or conflicts; on a conflict the owner already there decides (the same owner may claim again).
        await using var claim = Command(connection, null, """
            WITH inserted AS (
                INSERT INTO execution_claims (incident_id, proposal_id, owner, claimed_at) VALUES (@i, @p, @o, now())
                ON CONFLICT (incident_id, proposal_id) DO NOTHING RETURNING owner)
            SELECT owner FROM inserted
            UNION ALL SELECT owner FROM execution_claims WHERE incident_id = @i AND proposal_id = @p
            LIMIT 1
            """, Text("i", incidentId), Text("p", proposalId), Text("o", owner));
        return await claim.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as string == owner;
    }

    public async Task<bool> TryAcquireLeaseAsync(string name, string holder, TimeSpan ttl, CancellationToken cancellationToken = default)
    {
        await using var connection = await _source.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await ExecuteAsync(connection, null, """
            INSERT INTO leases (name, holder, expires_at) VALUES (@n, @h, clock_timestamp() + @ttl)
            ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
            WHERE leases.holder = excluded.holder OR leases.expires_at <= clock_timestamp()
            """, cancellationToken, Text("n", name), Text("h", holder), new NpgsqlParameter("ttl", NpgsqlDbType.Interval) { Value = ttl }).ConfigureAwait(false) == 1;
    }

    public async Task ReleaseLeaseAsync(string name, string holder, CancellationToken cancellationToken = default)
    {
        await using var connection = await _source.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, null, "DELETE FROM leases WHERE name = @n AND holder = @h", cancellationToken, Text("n", name), Text("h", holder)).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<string>> AbandonedIncidentsAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await _source.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var query = Command(connection, null, """
            SELECT i.id FROM incidents i
            WHERE (i.state = ANY(@states)
                   OR (i.state = 'AwaitingApproval' AND EXISTS (SELECT 1 FROM proposals p WHERE p.incident_id = i.id AND p.status = 'Approved')))
              AND NOT EXISTS (SELECT 1 FROM leases l WHERE l.name = @prefix || i.worker AND l.expires_at > clock_timestamp())
            ORDER BY i.created_at, i.id
            """, States("states", ReplicaLeases.InProgress), Text("prefix", ReplicaLeases.LivenessPrefix));
        var ids = new List<string>();
        await using var reader = await query.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            ids.Add(reader.GetString(0));
        }
        return ids;
    }

    public ValueTask DisposeAsync() => _source.DisposeAsync();

    public void Dispose() => _source.Dispose();

    private async Task<Incident?> SingleIncidentAsync(string sql, string value, CancellationToken cancellationToken)
    {
        await using var connection = await _source.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var query = Command(connection, null, sql, Text("p", value));
        await using var reader = await query.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? ReadIncident(reader) : null;
    }

    private Incident ReadIncident(NpgsqlDataReader r)
    {
        var incident = new Incident
        {
            Id = r.GetString(r.GetOrdinal("id")),
            CorrelationId = r.GetString(r.GetOrdinal("correlation_id")),
            Origin = r.GetString(r.GetOrdinal("origin")),
            GroupKey = Nullable(r, r.GetOrdinal("group_key")),
            Requester = r.GetString(r.GetOrdinal("requester")),
            Request = new DiagnosisRequest(
                TargetSpec.Parse(r.GetString(r.GetOrdinal("target"))),
                Nullable(r, r.GetOrdinal("source")) is { } source ? TargetSpec.Parse(source) : null,
                r.IsDBNull(r.GetOrdinal("port")) ? null : r.GetInt32(r.GetOrdinal("port"))),
            State = Enum.Parse<IncidentState>(r.GetString(r.GetOrdinal("state"))),
            ReportJson = Nullable(r, r.GetOrdinal("report_json")),
            Verdict = Nullable(r, r.GetOrdinal("verdict")),
            Cause = Nullable(r, r.GetOrdinal("cause")),
            Thread = Nullable(r, r.GetOrdinal("thread")),
            CreatedAt = ReadTime(r, r.GetOrdinal("created_at")),
            UpdatedAt = ReadTime(r, r.GetOrdinal("updated_at")),
        };
        _versions.AddOrUpdate(incident, new StrongBox<long>(r.GetInt64(r.GetOrdinal("version"))));
        return incident;
    }

    private static NpgsqlParameter[] Parameters(Incident i) =>
    [
        Text("id", i.Id), Text("cid", i.CorrelationId), Text("origin", i.Origin), Text("group", i.GroupKey), Text("requester", i.Requester),
        Text("target", i.Request.Target.ToString()), Text("source", i.Request.Source?.ToString()), Int("port", i.Request.Port),
        Text("state", i.State.ToString()), Text("report", i.ReportJson), Text("verdict", i.Verdict), Text("cause", i.Cause), Text("thread", i.Thread),
        Time("created", i.CreatedAt), Time("updated", i.UpdatedAt),
    ];

    private static NpgsqlCommand Command(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, params NpgsqlParameter[] parameters)
    {
        var command = new NpgsqlCommand(sql, connection, transaction);
        command.Parameters.AddRange(parameters);
        return command;
    }

    private static async Task<int> ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, CancellationToken cancellationToken, params NpgsqlParameter[] parameters)
    {
        await using var command = Command(connection, transaction, sql, parameters);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static NpgsqlParameter Text(string name, string? value) => new(name, NpgsqlDbType.Text) { Value = (object?)value ?? DBNull.Value };

    private static NpgsqlParameter Int(string name, int? value) => new(name, NpgsqlDbType.Integer) { Value = (object?)value ?? DBNull.Value };

    private static NpgsqlParameter Long(string name, long value) => new(name, NpgsqlDbType.Bigint) { Value = value };

    // timestamptz takes UTC only; microsecond precision (the last digit of .NET's 100 ns ticks is dropped).
    private static NpgsqlParameter Time(string name, DateTimeOffset value) => new(name, NpgsqlDbType.TimestampTz) { Value = value.ToUniversalTime() };

    private static NpgsqlParameter States(string name, IEnumerable<IncidentState> states) =>
        new(name, NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = states.Select(s => s.ToString()).ToArray() };

    private static DateTimeOffset ReadTime(NpgsqlDataReader reader, int ordinal) => reader.GetFieldValue<DateTimeOffset>(ordinal);

    private static string? Nullable(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
}

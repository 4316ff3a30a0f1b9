package store

import (
	"context"
	"database/sql"
	"fmt"
)

// migrations are applied in order; the database's user_version counts how
// many have run. Append only: never edit a migration that has shipped.
var migrations = []string{
	// 1: pairing state.
	`CREATE TABLE paired_devices (
		device_id        TEXT PRIMARY KEY,
		public_key       TEXT NOT NULL,
		display_name     TEXT NOT NULL DEFAULT '',
		platform         TEXT NOT NULL DEFAULT '',
		device_family    TEXT NOT NULL DEFAULT '',
		client_id        TEXT NOT NULL DEFAULT '',
		client_mode      TEXT NOT NULL DEFAULT '',
		role             TEXT NOT NULL DEFAULT '',
		roles            TEXT NOT NULL DEFAULT 'null',
		scopes           TEXT NOT NULL DEFAULT 'null',
		remote_ip        TEXT NOT NULL DEFAULT '',
		created_at_ms    INTEGER NOT NULL,
		approved_at_ms   INTEGER NOT NULL,
		last_seen_at_ms  INTEGER NOT NULL DEFAULT 0,
		last_seen_reason TEXT NOT NULL DEFAULT ''
	) STRICT;
	CREATE TABLE device_tokens (
		device_id       TEXT NOT NULL REFERENCES paired_devices(device_id) ON DELETE CASCADE,
		role            TEXT NOT NULL,
		token           TEXT NOT NULL,
		scopes          TEXT NOT NULL DEFAULT 'null',
		created_at_ms   INTEGER NOT NULL,
		rotated_at_ms   INTEGER NOT NULL DEFAULT 0,
		revoked_at_ms   INTEGER NOT NULL DEFAULT 0,
		last_used_at_ms INTEGER NOT NULL DEFAULT 0,
		PRIMARY KEY (device_id, role)
	) STRICT;
	CREATE TABLE pending_devices (
		request_id    TEXT PRIMARY KEY,
		device_id     TEXT NOT NULL,
		public_key    TEXT NOT NULL,
		display_name  TEXT NOT NULL DEFAULT '',
		platform      TEXT NOT NULL DEFAULT '',
		device_family TEXT NOT NULL DEFAULT '',
		client_id     TEXT NOT NULL DEFAULT '',
		client_mode   TEXT NOT NULL DEFAULT '',
		role          TEXT NOT NULL DEFAULT '',
		roles         TEXT NOT NULL DEFAULT 'null',
		scopes        TEXT NOT NULL DEFAULT 'null',
		remote_ip     TEXT NOT NULL DEFAULT '',
		silent        INTEGER NOT NULL DEFAULT 0,
		is_repair     INTEGER NOT NULL DEFAULT 0,
		ts            INTEGER NOT NULL
	) STRICT;
	CREATE INDEX pending_devices_by_device ON pending_devices(device_id);
	CREATE TABLE paired_nodes (
		node_id              TEXT PRIMARY KEY,
		token                TEXT NOT NULL,
		display_name         TEXT NOT NULL DEFAULT '',
		platform             TEXT NOT NULL DEFAULT '',
		version              TEXT NOT NULL DEFAULT '',
		core_version         TEXT NOT NULL DEFAULT '',
		ui_version           TEXT NOT NULL DEFAULT '',
		device_family        TEXT NOT NULL DEFAULT '',
		model_identifier     TEXT NOT NULL DEFAULT '',
		caps                 TEXT NOT NULL DEFAULT 'null',
		commands             TEXT NOT NULL DEFAULT 'null',
		permissions          TEXT NOT NULL DEFAULT 'null',
		remote_ip            TEXT NOT NULL DEFAULT '',
		created_at_ms        INTEGER NOT NULL,
		approved_at_ms       INTEGER NOT NULL,
		last_connected_at_ms INTEGER NOT NULL DEFAULT 0
	) STRICT;
	CREATE TABLE pending_nodes (
		request_id       TEXT PRIMARY KEY,
		node_id          TEXT NOT NULL,
		display_name     TEXT NOT NULL DEFAULT '',
		platform         TEXT NOT NULL DEFAULT '',
		version          TEXT NOT NULL DEFAULT '',
		core_version     TEXT NOT NULL DEFAULT '',
		ui_version       TEXT NOT NULL DEFAULT '',
		device_family    TEXT NOT NULL DEFAULT '',
		model_identifier TEXT NOT NULL DEFAULT '',
		caps             TEXT NOT NULL DEFAULT 'null',
		commands         TEXT NOT NULL DEFAULT 'null',
		permissions      TEXT NOT NULL DEFAULT 'null',
		remote_ip        TEXT NOT NULL DEFAULT '',
		silent           INTEGER NOT NULL DEFAULT 0,
		ts               INTEGER NOT NULL
	) STRICT;
	CREATE INDEX pending_nodes_by_node ON pending_nodes(node_id);`,

	// 2: one table of pairing requests for every kind (device, node),
	// keeping the requests that were pending; the kind-specific part of a
	// request is a JSON object (DeviceInfo, NodeInfo).
	`CREATE TABLE pairing_requests (
		request_id TEXT PRIMARY KEY,
		kind       TEXT NOT NULL,
		subject_id TEXT NOT NULL,
		info       TEXT NOT NULL,
		silent     INTEGER NOT NULL DEFAULT 0,
		is_repair  INTEGER NOT NULL DEFAULT 0,
		ts         INTEGER NOT NULL
	) STRICT;
	CREATE INDEX pairing_requests_by_subject ON pairing_requests(kind, subject_id);
	INSERT INTO pairing_requests (request_id, kind, subject_id, info, silent, is_repair, ts)
		SELECT request_id, 'device', device_id, json_object('publicKey', public_key,
			'displayName', display_name, 'platform', platform, 'deviceFamily', device_family,
			'clientId', client_id, 'clientMode', client_mode, 'role', role, 'roles', json(roles),
			'scopes', json(scopes), 'remoteIp', remote_ip), silent, is_repair, ts
		FROM pending_devices;
	INSERT INTO pairing_requests (request_id, kind, subject_id, info, silent, is_repair, ts)
		SELECT request_id, 'node', node_id, json_object('displayName', display_name, 'platform', platform,
			'version', version, 'coreVersion', core_version, 'uiVersion', ui_version,
			'deviceFamily', device_family, 'modelIdentifier', model_identifier, 'caps', json(caps),
			'commands', json(commands), 'permissions', json(permissions), 'remoteIp', remote_ip), silent, 0, ts
		FROM pending_nodes;
	DROP TABLE pending_devices;
	DROP TABLE pending_nodes;`,

	// 3: when a node was last seen, and why, on its node record as on its
	// device; and a node's command surface on its device record (JSON
	// NodeSurface): the approved one, and one declared that waits for an
	// operator's approval (protocol v4's pending surface).
	`ALTER TABLE paired_nodes ADD COLUMN last_seen_at_ms INTEGER NOT NULL DEFAULT 0;
	ALTER TABLE paired_nodes ADD COLUMN last_seen_reason TEXT NOT NULL DEFAULT '';
	ALTER TABLE paired_devices ADD COLUMN node_surface TEXT NOT NULL DEFAULT 'null';
	ALTER TABLE paired_devices ADD COLUMN pending_node_surface TEXT NOT NULL DEFAULT 'null';`,

	// 4: agent sessions (one row per session key, pointing at its current
	// transcript), transcripts (one per session id, archived ones kept)
	// and their messages in order. pos orders every message of a
	// transcript; seq numbers the visible ones from 1 (0 = hidden), and a
	// partial index over the visible ones serves chat.history's tail. A
	// message's usage is kept in columns too, for the usage reports.
	`CREATE TABLE sessions (
		session_key            TEXT PRIMARY KEY,
		agent_id               TEXT NOT NULL,
		session_id             TEXT NOT NULL,
		label                  TEXT NOT NULL DEFAULT '',
		model                  TEXT NOT NULL DEFAULT '',
		thinking_level         TEXT NOT NULL DEFAULT '',
		created_at_ms          INTEGER NOT NULL,
		updated_at_ms          INTEGER NOT NULL,
		last_interaction_at_ms INTEGER NOT NULL DEFAULT 0,
		chat_type              TEXT NOT NULL DEFAULT '',
		last_channel           TEXT NOT NULL DEFAULT '',
		aborted_last_run       INTEGER NOT NULL DEFAULT 0,
		compaction_count       INTEGER NOT NULL DEFAULT 0,
		summary                TEXT NOT NULL DEFAULT '',
		context_from_pos       INTEGER NOT NULL DEFAULT 0,
		input_tokens           INTEGER NOT NULL DEFAULT 0,
		output_tokens          INTEGER NOT NULL DEFAULT 0,
		cache_read_tokens      INTEGER NOT NULL DEFAULT 0,
		cache_write_tokens     INTEGER NOT NULL DEFAULT 0,
		total_tokens           INTEGER NOT NULL DEFAULT 0,
		cost_usd               REAL NOT NULL DEFAULT 0,
		run_status             TEXT NOT NULL DEFAULT '',
		run_started_at_ms      INTEGER NOT NULL DEFAULT 0,
		run_ended_at_ms        INTEGER NOT NULL DEFAULT 0
	) STRICT;
	CREATE INDEX sessions_by_updated ON sessions(updated_at_ms);
	CREATE TABLE transcripts (
		session_id      TEXT PRIMARY KEY,
		session_key     TEXT NOT NULL,
		agent_id        TEXT NOT NULL,
		created_at_ms   INTEGER NOT NULL,
		archived_reason TEXT NOT NULL DEFAULT '',
		archived_at_ms  INTEGER NOT NULL DEFAULT 0
	) STRICT;
	CREATE INDEX transcripts_by_key ON transcripts(session_key);
	CREATE TABLE messages (
		session_id TEXT NOT NULL REFERENCES transcripts(session_id) ON DELETE CASCADE,
		pos        INTEGER NOT NULL,
		seq        INTEGER NOT NULL,
		message_id TEXT NOT NULL,
		role       TEXT NOT NULL,
		ts         INTEGER NOT NULL,
		provider   TEXT NOT NULL DEFAULT '',
		model      TEXT NOT NULL DEFAULT '',
		input_tokens       INTEGER NOT NULL DEFAULT 0,
		output_tokens      INTEGER NOT NULL DEFAULT 0,
		cache_read_tokens  INTEGER NOT NULL DEFAULT 0,
		cache_write_tokens INTEGER NOT NULL DEFAULT 0,
		total_tokens       INTEGER NOT NULL DEFAULT 0,
		cost_usd           REAL NOT NULL DEFAULT 0,
		body       TEXT NOT NULL,
		PRIMARY KEY (session_id, pos)
	) STRICT;
	CREATE INDEX messages_visible ON messages(session_id, seq) WHERE seq > 0;`,
}

// migrate brings db to the newest schema version, one transaction per
// migration.
func migrate(ctx context.Context, db *sql.DB) error {
	var version int
	if err := db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&version); err != nil {
		return err
	}
	if version > len(migrations) {
		return fmt.Errorf("schema version %d is newer than this gatewire knows (%d); upgrade gatewire", version, len(migrations))
	}
	for i := version; i < len(migrations); i++ {
		if err := applyMigration(ctx, db, i+1, migrations[i]); err != nil {
			return fmt.Errorf("migration %d: %w", i+1, err)
		}
	}
	return nil
}

// applyMigration runs one migration and records its version atomically.
func applyMigration(ctx context.Context, db *sql.DB, version int, ddl string) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback() //nolint:errcheck // a no-op after Commit
	if _, err := tx.ExecContext(ctx, ddl); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", version)); err != nil {
		return err
	}
	return tx.Commit()
}

// The schema of the SQLite store, as numbered migrations applied in order at open. A migration,
// once released, is never edited: change the schema by appending the next number.
import type Database from "better-sqlite3";

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: "members, groups, papers and their rows; document log; live connections; chunks",
    sql: `
      CREATE TABLE members (
        id TEXT PRIMARY KEY,
        subject TEXT NOT NULL UNIQUE,
        display_name TEXT NOT NULL,
        affiliation TEXT,
        country TEXT,
        community TEXT,
        expertise_topic_ids TEXT NOT NULL, -- JSON array
        platform_role TEXT NOT NULL,
        search_text TEXT NOT NULL, -- lower-cased by the adapter: SQLite only folds ASCII
        version INTEGER NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX members_by_name ON members (display_name, id);

      CREATE TABLE topics (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        description TEXT NOT NULL
      ) STRICT;

      CREATE TABLE working_groups (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        description TEXT NOT NULL,
        topic_ids TEXT NOT NULL, -- JSON array
        created_by TEXT NOT NULL,
        version INTEGER NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX working_groups_by_name ON working_groups (name, id);

      CREATE TABLE working_group_memberships (
        working_group_id TEXT NOT NULL REFERENCES working_groups (id) ON DELETE CASCADE,
        member_id TEXT NOT NULL,
        role TEXT NOT NULL,
        added_at TEXT NOT NULL,
        PRIMARY KEY (working_group_id, member_id)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX memberships_of_member
        ON working_group_memberships (member_id, added_at, working_group_id);

      CREATE TABLE papers (
        id TEXT PRIMARY KEY,
        working_group_id TEXT NOT NULL REFERENCES working_groups (id),
        title TEXT NOT NULL,
        summary TEXT NOT NULL,
        topic_ids TEXT NOT NULL, -- JSON array
        diplomacy_types TEXT NOT NULL, -- JSON array
        status TEXT NOT NULL,
        created_by TEXT NOT NULL,
        published_at TEXT,
        search_text TEXT NOT NULL, -- lower-cased title and summary
        version INTEGER NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX papers_newest ON papers (created_at, id);
      CREATE INDEX papers_of_group ON papers (working_group_id, created_at, id);
      CREATE INDEX papers_by_status ON papers (status, created_at, id);

      CREATE TABLE collaborators (
        paper_id TEXT NOT NULL REFERENCES papers (id) ON DELETE CASCADE,
        member_id TEXT NOT NULL,
        role TEXT NOT NULL,
        added_by TEXT NOT NULL,
        added_at TEXT NOT NULL,
        PRIMARY KEY (paper_id, member_id)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX collaborations_of_member ON collaborators (member_id, paper_id);

      -- A paper never loses its last LEAD, whoever writes to the file.
      CREATE TRIGGER collaborators_keep_a_lead_on_role_change
      BEFORE UPDATE OF role ON collaborators
      WHEN OLD.role = 'LEAD' AND NEW.role <> 'LEAD' AND NOT EXISTS (
        SELECT 1 FROM collaborators
        WHERE paper_id = OLD.paper_id AND role = 'LEAD' AND member_id <> OLD.member_id
      )
      BEGIN
        SELECT RAISE(ABORT, 'accord: last LEAD of the paper');
      END;
      CREATE TRIGGER collaborators_keep_a_lead_on_removal
      BEFORE DELETE ON collaborators
      WHEN OLD.role = 'LEAD' AND NOT EXISTS (
        SELECT 1 FROM collaborators
        WHERE paper_id = OLD.paper_id AND role = 'LEAD' AND member_id <> OLD.member_id
      )
      BEGIN
        SELECT RAISE(ABORT, 'accord: last LEAD of the paper');
      END;

      CREATE TABLE comments (
        id TEXT PRIMARY KEY,
        paper_id TEXT NOT NULL REFERENCES papers (id) ON DELETE CASCADE,
        thread_id TEXT NOT NULL,
        author_id TEXT NOT NULL,
        body TEXT NOT NULL,
        anchor TEXT, -- JSON object
        resolved INTEGER NOT NULL,
        resolved_by TEXT,
        resolved_at TEXT,
        version INTEGER NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX comments_of_paper ON comments (paper_id, created_at, id);

      CREATE TABLE paper_versions (
        id TEXT PRIMARY KEY,
        paper_id TEXT NOT NULL REFERENCES papers (id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        created_by TEXT NOT NULL,
        created_at TEXT NOT NULL,
        snapshot BLOB NOT NULL
      ) STRICT;
      CREATE INDEX versions_of_paper ON paper_versions (paper_id, created_at, id);

      CREATE TABLE endorsements (
        paper_id TEXT NOT NULL REFERENCES papers (id) ON DELETE CASCADE,
        member_id TEXT NOT NULL,
        organisation TEXT NOT NULL,
        statement TEXT,
        created_at TEXT NOT NULL,
        PRIMARY KEY (paper_id, member_id)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX endorsements_of_paper ON endorsements (paper_id, created_at, member_id);

      CREATE TABLE activity (
        id TEXT PRIMARY KEY,
        paper_id TEXT NOT NULL REFERENCES papers (id) ON DELETE CASCADE,
        actor_id TEXT NOT NULL,
        kind TEXT NOT NULL,
        detail TEXT NOT NULL, -- JSON object
        at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX activity_of_paper ON activity (paper_id, at, id);

      -- Document persistence: one snapshot per paper plus an append-only log. Log ids come from
      -- AUTOINCREMENT so they are never reused, even after purging.
      CREATE TABLE documents (
        paper_id TEXT PRIMARY KEY,
        snapshot BLOB NOT NULL,
        snapshot_version INTEGER NOT NULL,
        compacted_at TEXT NOT NULL
      ) STRICT;
      CREATE TABLE document_log (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        paper_id TEXT NOT NULL,
        update_data BLOB NOT NULL,
        member_id TEXT,
        at TEXT NOT NULL,
        retired_until TEXT -- null while in the tail; then when the retired entry expires
      ) STRICT;
      CREATE INDEX document_tail ON document_log (paper_id, id) WHERE retired_until IS NULL;
      CREATE INDEX document_log_expiry ON document_log (retired_until)
        WHERE retired_until IS NOT NULL;

      CREATE TABLE connections (
        connection_id TEXT PRIMARY KEY,
        paper_id TEXT NOT NULL,
        member_id TEXT NOT NULL,
        role TEXT NOT NULL,
        connected_at TEXT NOT NULL,
        expires_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX connections_of_paper ON connections (paper_id, member_id);
      CREATE INDEX connections_expiry ON connections (expires_at);

      CREATE TABLE chunk_messages (
        connection_id TEXT NOT NULL,
        message_id TEXT NOT NULL,
        total INTEGER NOT NULL,
        completed INTEGER NOT NULL,
        expires_at TEXT NOT NULL,
        PRIMARY KEY (connection_id, message_id)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX chunk_messages_expiry ON chunk_messages (expires_at);
      CREATE TABLE chunk_parts (
        connection_id TEXT NOT NULL,
        message_id TEXT NOT NULL,
        chunk_index INTEGER NOT NULL,
        data BLOB NOT NULL,
        PRIMARY KEY (connection_id, message_id, chunk_index),
        FOREIGN KEY (connection_id, message_id)
          REFERENCES chunk_messages (connection_id, message_id) ON DELETE CASCADE
      ) STRICT, WITHOUT ROWID;
    `,
  },
  {
    version: 2,
    name: "message bucket of a live connection",
    sql: `
      ALTER TABLE connections ADD COLUMN bucket_full_at REAL; -- epoch ms; null until first used
    `,
  },
  {
    version: 3,
    name: "connections know platform role and paper status and count frames per rate window; running document sizes; chunk counts",
    sql: `
      -- SQLite cannot make a column nullable in place: the table is rebuilt. Records of earlier
      -- versions take the member's platform role and the paper's status as they are now.
      CREATE TABLE connections_v3 (
        connection_id TEXT PRIMARY KEY,
        paper_id TEXT NOT NULL,
        member_id TEXT NOT NULL,
        platform_role TEXT NOT NULL,
        role TEXT, -- null for a reader who is not a collaborator
        paper_status TEXT NOT NULL,
        connected_at TEXT NOT NULL,
        expires_at TEXT NOT NULL,
        rate_window INTEGER, -- the rate window of the last frame counted; null before any
        rate_count INTEGER NOT NULL DEFAULT 0 -- frames counted in rate_window
      ) STRICT;
      INSERT INTO connections_v3 (connection_id, paper_id, member_id, platform_role, role,
        paper_status, connected_at, expires_at)
      SELECT c.connection_id, c.paper_id, c.member_id,
        coalesce((SELECT m.platform_role FROM members m WHERE m.id = c.member_id), 'MEMBER'),
        c.role,
        coalesce((SELECT p.status FROM papers p WHERE p.id = c.paper_id), 'DRAFT'),
        c.connected_at, c.expires_at
      FROM connections c;
      DROP TABLE connections;
      ALTER TABLE connections_v3 RENAME TO connections;
      CREATE INDEX connections_of_paper ON connections (paper_id, member_id);
      CREATE INDEX connections_expiry ON connections (expires_at);

      -- The running byte count of each paper's document (snapshot + tail entries), kept by
      -- appends and compactions, so that checking the document limit never loads the document.
      CREATE TABLE document_sizes (
        paper_id TEXT PRIMARY KEY,
        bytes INTEGER NOT NULL
      ) STRICT, WITHOUT ROWID;
      INSERT INTO document_sizes (paper_id, bytes)
      SELECT paper_id, sum(bytes) FROM (
        SELECT paper_id, length(snapshot) AS bytes FROM documents
        UNION ALL
        SELECT paper_id, length(update_data) FROM document_log WHERE retired_until IS NULL
      ) GROUP BY paper_id;

      -- How many distinct chunks a message has, so a chunk never rereads the others.
      ALTER TABLE chunk_messages ADD COLUMN received INTEGER NOT NULL DEFAULT 0;
      UPDATE chunk_messages SET received = (
        SELECT count(*) FROM chunk_parts p
        WHERE p.connection_id = chunk_messages.connection_id
          AND p.message_id = chunk_messages.message_id
      );
    `,
  },
  {
    version: 4,
    name: "invitations, join requests and working group activity",
    sql: `
      -- The entity as JSON in data; the columns are what lists and invariants look up.
      CREATE TABLE invitations (
        id TEXT PRIMARY KEY,
        target TEXT NOT NULL, -- PAPER or WORKING_GROUP
        target_id TEXT NOT NULL,
        invitee_kind TEXT NOT NULL, -- USERNAME or EMAIL
        invitee TEXT NOT NULL, -- normalised by the domain (email addresses lower-cased)
        status TEXT NOT NULL,
        expires_at TEXT NOT NULL,
        version INTEGER NOT NULL,
        created_at TEXT NOT NULL,
        data TEXT NOT NULL -- JSON object
      ) STRICT;
      CREATE INDEX invitations_of_target ON invitations (target, target_id, created_at, id);
      CREATE INDEX invitations_of_invitee ON invitations (invitee_kind, invitee, created_at, id);

      CREATE TABLE join_requests (
        id TEXT PRIMARY KEY,
        working_group_id TEXT NOT NULL REFERENCES working_groups (id) ON DELETE CASCADE,
        member_id TEXT NOT NULL,
        status TEXT NOT NULL,
        version INTEGER NOT NULL,
        created_at TEXT NOT NULL,
        data TEXT NOT NULL -- JSON object
      ) STRICT;
      CREATE INDEX join_requests_of_group ON join_requests (working_group_id, created_at, id);
      CREATE INDEX join_requests_of_member ON join_requests (member_id, created_at, id);
      -- One PENDING request per member and group, whoever writes to the file.
      CREATE UNIQUE INDEX join_requests_one_pending ON join_requests (working_group_id, member_id)
        WHERE status = 'PENDING';

      CREATE TABLE group_activity (
        id TEXT PRIMARY KEY,
        working_group_id TEXT NOT NULL REFERENCES working_groups (id) ON DELETE CASCADE,
        at TEXT NOT NULL,
        data TEXT NOT NULL -- JSON object
      ) STRICT;
      CREATE INDEX group_activity_of_group ON group_activity (working_group_id, at, id);
    `,
  },
  {
    version: 5,
    name: "perception surveys, their responses and evidence citations",
    sql: `
      CREATE TABLE surveys (
        id TEXT PRIMARY KEY,
        -- NULL for a platform survey; otherwise the owning group.
        working_group_id TEXT REFERENCES working_groups (id) ON DELETE CASCADE,
        status TEXT NOT NULL,
        version INTEGER NOT NULL,
        created_at TEXT NOT NULL,
        data TEXT NOT NULL -- JSON object
      ) STRICT;
      CREATE INDEX surveys_newest ON surveys (created_at, id);

      -- One row per survey and respondent key (a member id, or a per-survey pseudonym in an
      -- anonymous survey, whose data then holds no member id).
      CREATE TABLE survey_responses (
        survey_id TEXT NOT NULL REFERENCES surveys (id) ON DELETE CASCADE,
        respondent_key TEXT NOT NULL,
        version INTEGER NOT NULL,
        data TEXT NOT NULL, -- JSON object
        PRIMARY KEY (survey_id, respondent_key)
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE evidence_citations (
        id TEXT PRIMARY KEY,
        paper_id TEXT NOT NULL REFERENCES papers (id) ON DELETE CASCADE,
        survey_id TEXT NOT NULL REFERENCES surveys (id) ON DELETE CASCADE,
        cited_at TEXT NOT NULL,
        data TEXT NOT NULL -- JSON object
      ) STRICT;
      CREATE INDEX evidence_citations_of_paper ON evidence_citations (paper_id, cited_at, id);
    `,
  },
  {
    version: 6,
    name: "members' inboxes: notifications and each inbox's unread count and version",
    sql: `
      CREATE TABLE notifications (
        id TEXT PRIMARY KEY,
        recipient_id TEXT NOT NULL,
        created_at TEXT NOT NULL,
        read_at TEXT, -- NULL while unread
        data TEXT NOT NULL -- JSON object (read_at kept in the column)
      ) STRICT;
      CREATE INDEX notifications_of_recipient ON notifications (recipient_id, created_at, id);
      CREATE INDEX notifications_unread ON notifications (recipient_id, created_at, id)
        WHERE read_at IS NULL;

      -- Kept with every write to notifications, so a badge's poll reads one row.
      CREATE TABLE inboxes (
        recipient_id TEXT PRIMARY KEY,
        unread INTEGER NOT NULL,
        version INTEGER NOT NULL
      ) STRICT, WITHOUT ROWID;
    `,
  },
  {
    version: 7,
    name: "attribution: who inserted and who deleted what in each paper",
    sql: `
      -- Opaque bytes the live-editing engine encodes, rewritten whole at each compaction.
      CREATE TABLE attribution (
        paper_id TEXT PRIMARY KEY,
        data BLOB NOT NULL,
        version INTEGER NOT NULL
      ) STRICT;
    `,
  },
];

/**
 * Apply every migration the file has not seen, each in its own immediate transaction (so two
 * processes opening the same new file do not both apply one). Returns the versions applied.
 */
export function migrate(
  db: Database.Database,
  migrations: readonly Migration[] = MIGRATIONS,
  now: () => Date = () => new Date(),
): number[] {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) {
      throw new Error(`Migration "${m.name}" is numbered ${m.version}; expected ${i + 1}.`);
    }
  });
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at TEXT NOT NULL
  ) STRICT`);
  const newest = db.prepare("SELECT max(version) AS v FROM schema_migrations").get() as {
    v: number | null;
  };
  if ((newest.v ?? 0) > migrations.length) {
    throw new Error(
      `The file has schema version ${newest.v}, newer than this version of Accord knows ` +
        `(${migrations.length}); upgrade Accord to open it.`,
    );
  }
  const applied: number[] = [];
  const seen = db.prepare("SELECT 1 FROM schema_migrations WHERE version = ?");
  const record = db.prepare(
    "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
  );
  for (const migration of migrations) {
    db.transaction(() => {
      if (seen.get(migration.version)) return;
      db.exec(migration.sql);
      record.run(migration.version, migration.name, now().toISOString());
      applied.push(migration.version);
    }).immediate();
  }
  return applied;
}

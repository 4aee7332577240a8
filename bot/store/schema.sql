-- The reference database: built from data/ and imports, opened read-only by the bot.
-- Lists and pairs (aliases, notes, party_seats...) are JSON text: they are only ever
-- read whole with their row, never queried into.

PRAGMA foreign_keys = ON;

CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE sources (
    id        TEXT PRIMARY KEY,
    title     TEXT NOT NULL,
    url       TEXT,
    publisher TEXT,
    published TEXT,
    licence   TEXT,
    note      TEXT
);

-- Which source backs which record. subject_kind names the table ("ballot", "candidacy"...).
CREATE TABLE citations (
    subject_kind TEXT NOT NULL,
    subject_id   TEXT NOT NULL,
    seq          INTEGER NOT NULL,
    source_id    TEXT NOT NULL,
    excerpt      TEXT,
    note         TEXT,
    PRIMARY KEY (subject_kind, subject_id, seq)
) WITHOUT ROWID;
CREATE INDEX citations_source ON citations (source_id);

CREATE TABLE parties (
    id           TEXT PRIMARY KEY,
    name         TEXT NOT NULL,
    short_name   TEXT NOT NULL,
    abbr         TEXT NOT NULL,
    colour       INTEGER NOT NULL,
    register_ids TEXT NOT NULL DEFAULT '[]',
    aliases      TEXT NOT NULL DEFAULT '[]',
    rollup_id    TEXT
);

CREATE TABLE councils (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    short_name  TEXT NOT NULL,
    gss         TEXT,
    aliases     TEXT NOT NULL DEFAULT '[]',
    results_url TEXT
);

CREATE TABLE boundary_sets (
    id         TEXT PRIMARY KEY,
    council_id TEXT NOT NULL REFERENCES councils (id),
    name       TEXT NOT NULL,
    first_used TEXT
);

CREATE TABLE wards (
    id              TEXT PRIMARY KEY,
    council_id      TEXT NOT NULL REFERENCES councils (id),
    boundary_set_id TEXT NOT NULL REFERENCES boundary_sets (id),
    slug            TEXT NOT NULL,
    name            TEXT NOT NULL,
    gss             TEXT,
    aliases         TEXT NOT NULL DEFAULT '[]'
);
CREATE INDEX wards_council ON wards (council_id);

CREATE TABLE elections (
    id             TEXT PRIMARY KEY,
    council_id     TEXT NOT NULL REFERENCES councils (id),
    year           INTEGER NOT NULL,
    date           TEXT,
    status         TEXT NOT NULL,
    total_seats    INTEGER,
    control        TEXT,
    control_before TEXT,
    turnout_votes  INTEGER,
    turnout_pct    REAL,
    turnout_note   TEXT,
    results_url    TEXT,
    notes          TEXT NOT NULL DEFAULT '[]'
);
CREATE INDEX elections_council ON elections (council_id, year);

CREATE TABLE party_results (
    id                TEXT PRIMARY KEY,
    election_id       TEXT NOT NULL REFERENCES elections (id),
    party_id          TEXT NOT NULL REFERENCES parties (id),
    label             TEXT,
    seats             INTEGER,
    seat_change       INTEGER,
    seat_change_basis TEXT,
    votes             INTEGER,
    vote_pct          REAL,
    leader_id         TEXT REFERENCES people (id),
    leader_ward       TEXT,
    notes             TEXT NOT NULL DEFAULT '[]'
);
CREATE INDEX party_results_election ON party_results (election_id);
CREATE INDEX party_results_party ON party_results (party_id);
CREATE INDEX party_results_leader ON party_results (leader_id);

CREATE TABLE ballots (
    id           TEXT PRIMARY KEY,
    election_id  TEXT NOT NULL REFERENCES elections (id),
    ward_id      TEXT NOT NULL REFERENCES wards (id),
    date         TEXT,
    by_election  INTEGER NOT NULL DEFAULT 0,
    seats        INTEGER,
    seats_basis  TEXT,
    electorate   INTEGER,
    turnout      INTEGER,
    turnout_pct  REAL,
    spoilt       INTEGER,
    outcome      TEXT,
    party_seats  TEXT NOT NULL DEFAULT '{}',
    cause        TEXT,
    majority     INTEGER,
    notes        TEXT NOT NULL DEFAULT '[]'
);
CREATE INDEX ballots_election ON ballots (election_id);
CREATE INDEX ballots_ward ON ballots (ward_id);

CREATE TABLE people (
    id      TEXT PRIMARY KEY,
    name    TEXT NOT NULL,
    aliases TEXT NOT NULL DEFAULT '[]'
);

CREATE TABLE candidacies (
    id            TEXT PRIMARY KEY,
    ballot_id     TEXT NOT NULL REFERENCES ballots (id),
    person_id     TEXT REFERENCES people (id),
    name          TEXT,
    party_id      TEXT REFERENCES parties (id),
    party_label   TEXT,
    votes         INTEGER,
    vote_pct      REAL,
    elected       INTEGER,
    elected_basis TEXT,
    position      INTEGER,
    note          TEXT
);
CREATE INDEX candidacies_ballot ON candidacies (ballot_id);
CREATE INDEX candidacies_person ON candidacies (person_id);

CREATE TABLE listings (
    id         TEXT PRIMARY KEY,
    person_id  TEXT NOT NULL REFERENCES people (id),
    council_id TEXT NOT NULL REFERENCES councils (id),
    ward_id    TEXT REFERENCES wards (id),
    party_id   TEXT REFERENCES parties (id),
    as_of      TEXT,
    as_of_text TEXT,
    note       TEXT
);
CREATE INDEX listings_person ON listings (person_id);
CREATE INDEX listings_ward ON listings (ward_id);

CREATE TABLE offices (
    id         TEXT PRIMARY KEY,
    council_id TEXT NOT NULL REFERENCES councils (id),
    role       TEXT NOT NULL,
    person_id  TEXT NOT NULL REFERENCES people (id),
    party_id   TEXT REFERENCES parties (id),
    start      TEXT,
    "end"      TEXT,
    start_text TEXT,
    end_text   TEXT
);
CREATE INDEX offices_council ON offices (council_id);
CREATE INDEX offices_person ON offices (person_id);

CREATE TABLE changes (
    id          TEXT PRIMARY KEY,
    council_id  TEXT NOT NULL REFERENCES councils (id),
    kind        TEXT NOT NULL,
    date        TEXT,
    date_text   TEXT,
    description TEXT NOT NULL,
    person_id   TEXT REFERENCES people (id),
    ward_id     TEXT REFERENCES wards (id),
    from_party  TEXT REFERENCES parties (id),
    to_party    TEXT REFERENCES parties (id),
    seats       INTEGER NOT NULL DEFAULT 1,
    ballot_id   TEXT REFERENCES ballots (id),
    moves_seat  INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX changes_council ON changes (council_id);
CREATE INDEX changes_person ON changes (person_id);

CREATE TABLE snapshots (
    id         TEXT PRIMARY KEY,
    council_id TEXT NOT NULL REFERENCES councils (id),
    as_of      TEXT,
    as_of_text TEXT NOT NULL,
    seats      TEXT NOT NULL,
    labels     TEXT NOT NULL DEFAULT '{}',
    notes      TEXT NOT NULL DEFAULT '[]'
);
CREATE INDEX snapshots_council ON snapshots (council_id);

CREATE TABLE statements (
    id         TEXT PRIMARY KEY,
    person_id  TEXT NOT NULL REFERENCES people (id),
    text       TEXT NOT NULL,
    role       TEXT,
    party_id   TEXT REFERENCES parties (id),
    date       TEXT,
    date_text  TEXT,
    context    TEXT,
    outlet     TEXT,
    url        TEXT,
    council_id TEXT REFERENCES councils (id),
    kind       TEXT NOT NULL,
    notes      TEXT NOT NULL DEFAULT '[]'
);
CREATE INDEX statements_person ON statements (person_id);
CREATE INDEX statements_party ON statements (party_id);

-- Keyword search over what was said and where (rowid = statements.rowid).
CREATE VIRTUAL TABLE statements_fts USING fts5 (
    text, context, speaker, outlet,
    tokenize = 'porter unicode61 remove_diacritics 2'
);

CREATE TABLE disputes (
    id           TEXT PRIMARY KEY,
    topic        TEXT NOT NULL,
    subject_kind TEXT NOT NULL,
    subject_id   TEXT NOT NULL,
    field        TEXT,
    note         TEXT
);
CREATE INDEX disputes_subject ON disputes (subject_kind, subject_id);

CREATE TABLE dispute_claims (
    dispute_id TEXT NOT NULL REFERENCES disputes (id),
    seq        INTEGER NOT NULL,
    value      TEXT NOT NULL,
    note       TEXT,
    PRIMARY KEY (dispute_id, seq)
) WITHOUT ROWID;

-- The gazetteer (data/gazetteer.json.gz, ONS): every current council and ward by name and
-- code, held or not. Names only: no row here means a result is held. A council or ward
-- also held above links to it (council_id, ward_id) instead of being a second record.
CREATE TABLE place_councils (
    id            TEXT PRIMARY KEY,  -- GSS code
    name          TEXT NOT NULL,
    short_name    TEXT NOT NULL,
    aliases       TEXT NOT NULL DEFAULT '[]',
    dc_slug       TEXT,
    slug_basis    TEXT NOT NULL,
    register_code TEXT,
    country       TEXT,
    council_id    TEXT REFERENCES councils (id),
    source_id     TEXT NOT NULL REFERENCES sources (id)
);
CREATE INDEX place_councils_council ON place_councils (council_id);

CREATE TABLE place_wards (
    id          TEXT PRIMARY KEY,  -- GSS code
    name        TEXT NOT NULL,
    council_gss TEXT NOT NULL REFERENCES place_councils (id),
    welsh_name  TEXT,
    ward_id     TEXT REFERENCES wards (id)
);
CREATE INDEX place_wards_council ON place_wards (council_gss);

-- Every ward code since 2015 and the council now covering it: an old code still places a
-- result in its council.
CREATE TABLE ward_codes (
    id           TEXT PRIMARY KEY,
    name         TEXT NOT NULL,
    council_gss  TEXT NOT NULL REFERENCES place_councils (id),
    first_listed TEXT
);

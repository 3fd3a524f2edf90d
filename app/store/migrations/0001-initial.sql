-- SPDX-License-Identifier: GPL-3.0-or-later
-- Schema version 1: organisations, runs, findings, scores and current answers.
-- Applied by mamori-store.c inside BEGIN IMMEDIATE … COMMIT, followed by PRAGMA user_version = 1.
-- Timestamps are UTC ISO 8601 text with microseconds ("2026-11-23T10:47:07.000000Z") so that
-- text order is time order. JSON columns are checked with json_valid so readers can trust them.

CREATE TABLE organisations (
  id             INTEGER PRIMARY KEY,
  name           TEXT NOT NULL UNIQUE CHECK (length(name) > 0),
  kind           TEXT NOT NULL CHECK (kind IN ('sme', 'municipality')),
  domains        TEXT NOT NULL DEFAULT '[]'
                 CHECK (json_valid(domains) AND json_type(domains) = 'array'),
  dkim_selectors TEXT NOT NULL DEFAULT '[]'
                 CHECK (json_valid(dkim_selectors) AND json_type(dkim_selectors) = 'array'),
  notes          TEXT,
  created_at     TEXT NOT NULL CHECK (length(created_at) > 0)
) STRICT;

CREATE TABLE runs (
  id              INTEGER PRIMARY KEY,
  org_id          INTEGER NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  started_at      TEXT NOT NULL CHECK (length(started_at) > 0),
  duration_ms     INTEGER NOT NULL CHECK (duration_ms >= 0),
  mamori_version  TEXT NOT NULL,
  catalog_version TEXT,
  families        TEXT NOT NULL DEFAULT '[]'
                  CHECK (json_valid(families) AND json_type(families) = 'array'),
  -- A run is written in one transaction, so a stored run is always complete; the column
  -- leaves room for runs that are stored while they go on.
  status          TEXT NOT NULL DEFAULT 'complete' CHECK (status IN ('complete'))
) STRICT;

CREATE INDEX runs_by_org ON runs (org_id, started_at);

CREATE TABLE findings (
  run_id             INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
  seq                INTEGER NOT NULL CHECK (seq >= 0),
  check_id           TEXT NOT NULL CHECK (length(check_id) > 0),
  subject            TEXT NOT NULL,
  facet              TEXT,
  status             TEXT NOT NULL
                     CHECK (status IN ('pass', 'warn', 'fail', 'info', 'error', 'not_applicable')),
  severity           TEXT NOT NULL CHECK (severity IN ('info', 'low', 'medium', 'high')),
  message_id         TEXT,
  message_params     TEXT NOT NULL DEFAULT '[]'
                     CHECK (json_valid(message_params) AND json_type(message_params) = 'array'),
  remediation_id     TEXT,
  remediation_params TEXT NOT NULL DEFAULT '[]'
                     CHECK (json_valid(remediation_params) AND json_type(remediation_params) = 'array'),
  record             TEXT,
  evidence           TEXT NOT NULL DEFAULT '{}'
                     CHECK (json_valid(evidence) AND json_type(evidence) = 'object'),
  guideline_refs     TEXT NOT NULL DEFAULT '[]'
                     CHECK (json_valid(guideline_refs) AND json_type(guideline_refs) = 'array'),
  PRIMARY KEY (run_id, seq)
) STRICT;

CREATE TABLE scores (
  run_id  INTEGER PRIMARY KEY REFERENCES runs (id) ON DELETE CASCADE,
  scores  TEXT NOT NULL CHECK (json_valid(scores) AND json_type(scores) = 'object'),
  overall REAL CHECK (overall IS NULL OR (overall >= 0 AND overall <= 100))
) STRICT;

CREATE TABLE answers (
  org_id      INTEGER NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  question_id TEXT NOT NULL CHECK (length(question_id) > 0),
  answer      TEXT NOT NULL
              CHECK (answer IN ('yes', 'partly', 'no', 'not_applicable', 'unknown')),
  note        TEXT,
  answered_at TEXT NOT NULL CHECK (length(answered_at) > 0),
  PRIMARY KEY (org_id, question_id)
) STRICT;

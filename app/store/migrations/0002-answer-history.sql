-- SPDX-License-Identifier: GPL-3.0-or-later
-- Schema version 2: every answer ever given is kept (who changed what, when), and runs of all
-- organisations can be listed newest first without a scan.

CREATE TABLE answer_history (
  id          INTEGER PRIMARY KEY,
  org_id      INTEGER NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  question_id TEXT NOT NULL CHECK (length(question_id) > 0),
  answer      TEXT NOT NULL
              CHECK (answer IN ('yes', 'partly', 'no', 'not_applicable', 'unknown')),
  note        TEXT,
  answered_at TEXT NOT NULL CHECK (length(answered_at) > 0)
) STRICT;

CREATE INDEX answer_history_by_question ON answer_history (org_id, question_id, id);

-- Answers given before this version become the first entry of their history.
INSERT INTO answer_history (org_id, question_id, answer, note, answered_at)
  SELECT org_id, question_id, answer, note, answered_at FROM answers ORDER BY answered_at;

-- Triggers rather than code: every writer of answers (also older code paths) keeps the history.
CREATE TRIGGER answers_history_insert AFTER INSERT ON answers
BEGIN
  INSERT INTO answer_history (org_id, question_id, answer, note, answered_at)
    VALUES (NEW.org_id, NEW.question_id, NEW.answer, NEW.note, NEW.answered_at);
END;

CREATE TRIGGER answers_history_update AFTER UPDATE ON answers
BEGIN
  INSERT INTO answer_history (org_id, question_id, answer, note, answered_at)
    VALUES (NEW.org_id, NEW.question_id, NEW.answer, NEW.note, NEW.answered_at);
END;

CREATE INDEX runs_by_time ON runs (started_at);

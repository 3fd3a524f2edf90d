/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The sqlite store: organisations, runs with their findings and scores, and questionnaire answers.
 *
 * One MamoriStore owns one sqlite connection. It is NOT thread-safe: use each MamoriStore from one
 * thread only (the GUI's main thread or one dedicated worker). Several MamoriStore objects (also in
 * several processes) may open the same file at once; WAL and busy_timeout take care of that.
 *
 * A damaged file or one written by a newer Mamori is reported (MAMORI_STORE_ERROR_DAMAGED,
 * MAMORI_STORE_ERROR_TOO_NEW) and never modified. */
#pragma once

#include <glib-object.h>

#include "mamori-profile.h"
#include "mamori-run-result.h"

G_BEGIN_DECLS

#define MAMORI_STORE_ERROR (mamori_store_error_quark ())

typedef enum {
  MAMORI_STORE_ERROR_DAMAGED,      /* not a database, truncated, or failed its integrity check */
  MAMORI_STORE_ERROR_TOO_NEW,      /* written by a newer Mamori (user_version > known) */
  MAMORI_STORE_ERROR_DISK_FULL,    /* SQLITE_FULL / IOERR: the transaction was rolled back */
  MAMORI_STORE_ERROR_READ_ONLY,    /* the file or its directory cannot be written */
  MAMORI_STORE_ERROR_NOT_FOUND,    /* no such organisation or run */
  MAMORI_STORE_ERROR_INVALID,      /* a value the schema does not accept (empty name, bad answer …) */
  MAMORI_STORE_ERROR_FAILED,       /* any other sqlite error; the message has sqlite's text */
} MamoriStoreError;

GQuark mamori_store_error_quark (void);

/* The schema version this build writes (PRAGMA user_version after all migrations). */
#define MAMORI_STORE_SCHEMA_VERSION 2

/* ---- boxed value types returned by the queries ---- */

typedef struct _MamoriStoreOrg MamoriStoreOrg;
struct _MamoriStoreOrg
{
  gint64         id;
  MamoriProfile *profile;          /* name, kind, domains, dkim_selectors, notes */
  GDateTime     *created_at;       /* UTC */
};

typedef struct _MamoriStoreRunSummary MamoriStoreRunSummary;
struct _MamoriStoreRunSummary
{
  gint64      id;
  gint64      org_id;
  char       *org_name;
  GDateTime  *started_at;          /* UTC */
  gint64      duration_ms;
  char       *mamori_version;
  char       *catalog_version;     /* NULL when the run was not scored */
  gboolean    has_score;
  double      overall;             /* 0–100; meaningful only when has_score */
  guint       counts[6];           /* findings per MamoriStatus */
};

typedef struct _MamoriStoreAnswer MamoriStoreAnswer;
struct _MamoriStoreAnswer
{
  char      *question_id;
  char      *answer;               /* "yes" | "partly" | "no" | "not_applicable" | "unknown" */
  char      *note;                 /* may be NULL */
  GDateTime *answered_at;          /* UTC */
};

#define MAMORI_TYPE_STORE_ORG          (mamori_store_org_get_type ())
#define MAMORI_TYPE_STORE_RUN_SUMMARY  (mamori_store_run_summary_get_type ())
#define MAMORI_TYPE_STORE_ANSWER       (mamori_store_answer_get_type ())

GType mamori_store_org_get_type         (void) G_GNUC_CONST;
GType mamori_store_run_summary_get_type (void) G_GNUC_CONST;
GType mamori_store_answer_get_type      (void) G_GNUC_CONST;

MamoriStoreOrg        *mamori_store_org_copy          (const MamoriStoreOrg        *org);
void                   mamori_store_org_free          (MamoriStoreOrg              *org);
MamoriStoreRunSummary *mamori_store_run_summary_copy  (const MamoriStoreRunSummary *summary);
void                   mamori_store_run_summary_free  (MamoriStoreRunSummary       *summary);
MamoriStoreAnswer     *mamori_store_answer_copy       (const MamoriStoreAnswer     *answer);
void                   mamori_store_answer_free       (MamoriStoreAnswer           *answer);

/* The answer words the store accepts (the questionnaire's answer kinds). */
gboolean               mamori_store_answer_is_valid   (const char                  *answer);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MamoriStoreOrg, mamori_store_org_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MamoriStoreRunSummary, mamori_store_run_summary_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MamoriStoreAnswer, mamori_store_answer_free)

/* ---- the store ---- */

#define MAMORI_TYPE_STORE (mamori_store_get_type ())

G_DECLARE_FINAL_TYPE (MamoriStore, mamori_store, MAMORI, STORE, GObject)

/* g_get_user_data_dir()/mamori/mamori.db */
char         *mamori_store_default_path      (void);

/* Opens (creating the file and its parent directories when missing) and migrates to
 * MAMORI_STORE_SCHEMA_VERSION. path NULL means the default path. */
MamoriStore  *mamori_store_open              (const char      *path,
                                              GError         **error);
const char   *mamori_store_get_path          (MamoriStore     *self);
int           mamori_store_get_schema_version (MamoriStore    *self);

/* Organisations. ensure_org returns the id of the organisation with profile->name, creating it
 * from the profile when there is none (an existing one is left as it is). */
gint64        mamori_store_ensure_org        (MamoriStore     *self,
                                              MamoriProfile   *profile,
                                              GError         **error);
/* 0 and no error when there is no organisation of that name. */
gint64        mamori_store_find_org          (MamoriStore     *self,
                                              const char      *name,
                                              GError         **error);
MamoriStoreOrg *mamori_store_get_org         (MamoriStore     *self,
                                              gint64           org_id,
                                              GError         **error);
/* Replaces kind, domains, dkim_selectors, notes and name of an existing organisation. */
gboolean      mamori_store_update_org        (MamoriStore     *self,
                                              gint64           org_id,
                                              MamoriProfile   *profile,
                                              GError         **error);
/* MamoriStoreOrg*, ordered by name. */
GPtrArray    *mamori_store_list_orgs         (MamoriStore     *self,
                                              GError         **error);
/* Deletes the organisation with all its runs, findings, scores and answers. */
gboolean      mamori_store_delete_org        (MamoriStore     *self,
                                              gint64           org_id,
                                              GError         **error);

/* Runs. save_run writes the run, all its findings and its scores in ONE transaction (nothing is
 * written on error), sets run->run_id and returns the new id (0 on error). */
gint64        mamori_store_save_run          (MamoriStore     *self,
                                              gint64           org_id,
                                              MamoriRunResult *run,
                                              GError         **error);
/* MamoriStoreRunSummary*, newest first; org_id 0 means every organisation. */
GPtrArray    *mamori_store_list_runs         (MamoriStore     *self,
                                              gint64           org_id,
                                              GError         **error);
/* The stored run with its organisation's profile as it is now, findings re-created from their
 * message ids and parameters (so they render in the current language) and the stored scores. */
MamoriRunResult *mamori_store_load_run       (MamoriStore     *self,
                                              gint64           run_id,
                                              GError         **error);
gboolean      mamori_store_delete_run        (MamoriStore     *self,
                                              gint64           run_id,
                                              GError         **error);

/* Answers: one current answer per (organisation, question); earlier answers are kept as history.
 * note may be NULL. answer must satisfy mamori_store_answer_is_valid(). */
gboolean      mamori_store_set_answer        (MamoriStore     *self,
                                              gint64           org_id,
                                              const char      *question_id,
                                              const char      *answer,
                                              const char      *note,
                                              GError         **error);
/* Several answers (MamoriStoreAnswer*, answered_at ignored) in ONE transaction: all are
 * recorded or, when one is refused, none. */
gboolean      mamori_store_set_answers       (MamoriStore     *self,
                                              gint64           org_id,
                                              GPtrArray       *answers,
                                              GError         **error);
/* question id (char*) → MamoriStoreAnswer*, the current answers only. */
GHashTable   *mamori_store_get_answers       (MamoriStore     *self,
                                              gint64           org_id,
                                              GError         **error);
/* MamoriStoreAnswer*, every answer ever given to question_id, oldest first. */
GPtrArray    *mamori_store_get_answer_history (MamoriStore    *self,
                                              gint64           org_id,
                                              const char      *question_id,
                                              GError         **error);

G_END_DECLS

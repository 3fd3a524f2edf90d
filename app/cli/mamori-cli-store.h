/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the stored-run subcommands (check, history, answer) share: the database and the
 * questionnaire answers. */
#pragma once

#include <glib.h>

#include "mamori-catalog.h"
#include "mamori-store.h"

G_BEGIN_DECLS

/* Opens --db FILE, or the default database when path is NULL. */
MamoriStore *mamori_cli_open_store            (const char     *path,
                                               GError        **error);

/* Reads an answers file: {"q.id": "yes", …}, {"answers": {"q.id": "yes", …}} or
 * {"answers": [{"question": "q.id", "answer": "yes", "note": "…"}, …]}. Every entry is
 * checked (question known to the catalog when there is one, answer offered by the question);
 * the error names the file and the bad entry. Returns MamoriStoreAnswer*. */
GPtrArray   *mamori_cli_read_answers_file     (const char     *path,
                                               MamoriCatalog  *catalog,
                                               GError        **error);
/* The same for answers already in memory (the fuzz target's entry); path names them in errors. */
GPtrArray   *mamori_cli_parse_answers         (const char     *path,
                                               const char     *data,
                                               gsize           length,
                                               MamoriCatalog  *catalog,
                                               GError        **error);
/* Checks one answer the same way (for `answer QID ANSWER`). */
gboolean     mamori_cli_check_answer          (MamoriCatalog  *catalog,
                                               const char     *question_id,
                                               const char     *answer,
                                               const char     *where,
                                               GError        **error);
/* question id → MamoriStoreAnswer* (from the store) into the scoring engine's table. */
GHashTable  *mamori_cli_answers_for_scoring   (GHashTable     *stored);

G_END_DECLS

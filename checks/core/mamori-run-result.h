/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The outcome of one run: who, when, findings and scores. What the CLI prints as JSON,
 * what the store keeps and what reports are made from. */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

#include "mamori-finding.h"
#include "mamori-profile.h"

G_BEGIN_DECLS

typedef struct _MamoriRunResult MamoriRunResult;

struct _MamoriRunResult
{
  MamoriProfile *profile;
  GPtrArray     *findings;         /* MamoriFinding* */
  GDateTime     *started_at;
  gint64         duration_ms;
  gint64         run_id;           /* 0 when not stored */
  char          *catalog_version;  /* NULL until scored */
  JsonNode      *scores;           /* the CLI.md "scores" object, or NULL */
};

#define MAMORI_TYPE_RUN_RESULT (mamori_run_result_get_type ())

GType            mamori_run_result_get_type      (void) G_GNUC_CONST;
MamoriRunResult *mamori_run_result_new           (MamoriProfile    *profile,
                                                  GPtrArray        *findings,
                                                  GDateTime        *started_at,
                                                  gint64            duration_ms);
MamoriRunResult *mamori_run_result_ref           (MamoriRunResult  *self);
void             mamori_run_result_unref         (MamoriRunResult  *self);
void             mamori_run_result_set_scores    (MamoriRunResult  *self,
                                                  const char       *catalog_version,
                                                  JsonNode         *scores);
/* The CLI.md JSON object; messages rendered in the current locale. */
JsonNode        *mamori_run_result_to_json       (MamoriRunResult  *self);
MamoriRunResult *mamori_run_result_new_from_json (JsonNode         *node,
                                                  GError          **error);
/* Counts of findings per status, indexed by MamoriStatus. */
void             mamori_run_result_count         (MamoriRunResult  *self,
                                                  guint             counts[6]);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MamoriRunResult, mamori_run_result_unref)

G_END_DECLS

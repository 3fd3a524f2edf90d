/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Scoring a run's findings and the organisation's answers against the guideline catalogs.
 *
 * Item: from its evidence.
 *   checks    – the findings of each named check (or check:facet): any fail → 0; else any
 *               error, or no finding at all → undecided; else any warn → 0.5; else 1
 *               (pass/info). Only not_applicable findings → the check part is not applicable.
 *               A facet ("domain.dmarc:policy") with no finding of its own while the check
 *               ran: a fail of the check's gate (a finding without facet or with the facet
 *               "record": the record is missing or broken) → 0, an error there → undecided,
 *               else the facet does not concern the subject → not applicable.
 *   questions – yes 1, partly 0.5, no 0 (the mean when an item names several);
 *               not_applicable → left out; unknown or unanswered → undecided.
 *   combine   – "all": a 0 anywhere decides 0; otherwise any undecided part → undecided;
 *               otherwise the lower of the two parts. "check_first": a decided check part is
 *               the answer; the questions decide only when the checks could not.
 *   Status: 1 → pass, 0 → fail, in between → partial; an item that does not apply to the
 *   organisation's kind, or whose evidence is all not applicable → excluded.
 * Document: 100 × Σ(weight × score) / Σ(weight) over its decided items, one decimal;
 *   undecided items are listed and never counted; no decided item → no score (JSON null).
 * Family and overall: the same weighted share over the decided items of the family's (all)
 *   documents, counting items with the same evidence key once (with the highest weight), so
 *   that one DMARC record does not weigh four times because four guidelines mention it.
 * Priorities ("まず取り組むべき対策"): failing and partial items, one per evidence key (the
 *   heaviest, then least effort, then smallest id), ordered by weight desc, effort asc, id.
 */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

#include "mamori-catalog.h"

G_BEGIN_DECLS

typedef enum {
  MAMORI_ITEM_STATUS_PASS,
  MAMORI_ITEM_STATUS_PARTIAL,
  MAMORI_ITEM_STATUS_FAIL,
  MAMORI_ITEM_STATUS_UNDECIDED,
  MAMORI_ITEM_STATUS_EXCLUDED,
} MamoriItemStatus;

/* "pass", "partial", "fail", "undecided", "excluded". */
const char *mamori_item_status_to_string   (MamoriItemStatus  status);
gboolean    mamori_item_status_from_string (const char       *str,
                                            MamoriItemStatus *status);
/* Translated. */
const char *mamori_item_status_to_label    (MamoriItemStatus  status);

typedef struct _MamoriScore MamoriScore;

#define MAMORI_TYPE_SCORE (mamori_score_get_type ())

GType        mamori_score_get_type    (void) G_GNUC_CONST;
MamoriScore *mamori_score_ref         (MamoriScore *self);
void         mamori_score_unref       (MamoriScore *self);

/* findings: MamoriFinding* of one run (may be empty); answers: question id →
 * GINT_TO_POINTER (MamoriAnswer), or NULL for none. The catalog is kept alive. */
MamoriScore *mamori_score_compute     (MamoriCatalog *catalog,
                                       MamoriOrgKind  kind,
                                       GPtrArray     *findings,
                                       GHashTable    *answers);

const char  *mamori_score_get_catalog_version (MamoriScore *self);
/* Percentages 0–100 rounded to one decimal, or a negative value when nothing was decided. */
double       mamori_score_get_overall  (MamoriScore *self);
double       mamori_score_get_family   (MamoriScore *self,
                                        const char  *family);
/* FALSE when the document does not exist or does not apply to the kind. */
gboolean     mamori_score_get_document (MamoriScore *self,
                                        const char  *document_id,
                                        double      *score,
                                        guint       *n_decided,
                                        guint       *n_undecided);
/* score_out (may be NULL) gets 0–1, or a negative value when undecided or excluded. */
MamoriItemStatus mamori_score_get_item (MamoriScore *self,
                                        const char  *item_id,
                                        double      *score_out);
/* A new array of borrowed MamoriCatalogItem pointers: "まず取り組むべき対策", first first. */
GPtrArray   *mamori_score_get_priorities (MamoriScore *self);
/* Ids of the undecided items applying to the kind, sorted. */
const char * const *mamori_score_get_undecided (MamoriScore *self);

/* {"overall": 72.5 | null, "catalog_version": "…", "org_kind": "sme",
 *  "documents": {"<doc id>": {"score": …|null, "decided": n, "undecided": n,
 *                             "native": {"points", "max", "unanswered", "band"|null}
 *                               (only documents with their own scale: ipa-5min),
 *                             "items": [{"id", "status", "score"|null}]}},
 *  "families": {"domain": {"score": …|null, "decided": n, "undecided": n}, …},
 *  "priorities": [{"item", "document", "title": {"ja","en"}, "weight", "effort",
 *                  "status", "also": [item ids with the same evidence]}],
 *  "undecided": [item ids]} */
JsonNode    *mamori_score_to_json     (MamoriScore *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MamoriScore, mamori_score_unref)

G_END_DECLS

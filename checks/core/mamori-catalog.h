/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The guideline catalogs (data/catalog/<document>.json, one file per guideline document) and the
 * question sets (data/questions/<area>.json), loaded and validated together.
 *
 * A MamoriCatalog is immutable once loaded and may be shared between threads. Documents,
 * items and questions are owned by it and live as long as it does.
 *
 * Evidence of an item names checks ("domain.dmarc", or "domain.dmarc:policy" to select only
 * the findings with that facet) and/or questions ("q.backup.offline_copy"); see
 * mamori-score.h for how it is turned into a score. data/catalog/schema.json documents the
 * file format.
 */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

#include "mamori-check.h"
#include "mamori-finding.h"
#include "mamori-profile.h"
#include "mamori-questions.h"

G_BEGIN_DECLS

typedef enum {
  MAMORI_COMBINE_ALL,           /* every piece of evidence counts; the worst decides */
  MAMORI_COMBINE_CHECK_FIRST,   /* decided checks answer; questions only when they could not */
} MamoriEvidenceCombine;

typedef struct _MamoriCatalog         MamoriCatalog;
typedef struct _MamoriCatalogDocument MamoriCatalogDocument;
typedef struct _MamoriCatalogItem     MamoriCatalogItem;

#define MAMORI_TYPE_CATALOG (mamori_catalog_get_type ())

GType          mamori_catalog_get_type          (void) G_GNUC_CONST;
MamoriCatalog *mamori_catalog_ref               (MamoriCatalog *self);
void           mamori_catalog_unref             (MamoriCatalog *self);

/* Loads <mamori_data_dir_get()>/catalog and …/questions. */
MamoriCatalog *mamori_catalog_load_default      (GError       **error);
/* Loads data_dir/catalog/<document>.json (schema.json excepted), data_dir/catalog/VERSION and
 * data_dir/questions/<area>.json, then cross-checks them. Errors (MAMORI_ERROR_DATA) name the
 * file and the document, item or question at fault. */
MamoriCatalog *mamori_catalog_load_dir          (const char     *data_dir,
                                                 GError        **error);

/* Building from memory (used by the loader, the tests and the fuzz target):
 * new → add_* any number of times → finish. name is what errors call the input. */
MamoriCatalog *mamori_catalog_new               (void);
gboolean       mamori_catalog_add_document_data (MamoriCatalog  *self,
                                                 const char     *name,
                                                 const char     *data,
                                                 gssize          length,
                                                 GError        **error);
gboolean       mamori_catalog_add_questions_data (MamoriCatalog *self,
                                                  const char    *name,
                                                  const char    *data,
                                                  gssize         length,
                                                  GError       **error);
/* Resolves question ids named by items, fills mamori_question_get_item_ids() and computes
 * the version. base_version is the content of data/catalog/VERSION (NULL: "0"). */
gboolean       mamori_catalog_finish            (MamoriCatalog  *self,
                                                 const char     *base_version,
                                                 GError        **error);

/* "<VERSION>+<first 12 hex digits of a SHA-256 over every loaded file, in name order>":
 * stable for the same content, different as soon as any catalog or question changes.
 * Recorded with every score so that old results are never silently rescored. */
const char    *mamori_catalog_get_version       (MamoriCatalog  *self);

/* New arrays (g_ptr_array_unref them) of borrowed pointers, in file-name order (documents)
 * and file order (items, questions). */
GPtrArray     *mamori_catalog_list_documents    (MamoriCatalog  *self);
GPtrArray     *mamori_catalog_list_questions    (MamoriCatalog  *self,
                                                 MamoriOrgKind   kind);
GPtrArray     *mamori_catalog_list_all_questions (MamoriCatalog *self);
const MamoriCatalogDocument *mamori_catalog_lookup_document (MamoriCatalog *self,
                                                             const char    *document_id);
const MamoriCatalogItem     *mamori_catalog_lookup_item     (MamoriCatalog *self,
                                                             const char    *item_id);
const MamoriQuestion        *mamori_catalog_lookup_question (MamoriCatalog *self,
                                                             const char    *question_id);

/* Fills each finding's guideline refs with the ids of the items (applying to kind) whose
 * evidence names the finding's check id, or its check id and facet ("domain.dmarc:policy").
 * A finding with status error or not_applicable still gets its refs: the report says which
 * items it left undecided. */
void           mamori_catalog_fill_guideline_refs (MamoriCatalog *self,
                                                   MamoriOrgKind  kind,
                                                   GPtrArray     *findings);
/* Sorted, de-duplicated item ids for one check id (+ optional facet). */
GStrv          mamori_catalog_refs_for_check    (MamoriCatalog  *self,
                                                 MamoriOrgKind   kind,
                                                 const char     *check_id,
                                                 const char     *facet);

/* Cross-checks the catalog against the checks that exist:
 * - every check id named by an item is in registered_ids, or the item is marked
 *   "planned": true, the id is in planned_ids, and the item has at least one question
 *   (so it stays decidable until the check lands);
 * - every id in registered_ids is named by at least one item.
 * Both lists are NULL-terminated. The error names the item or the check. */
gboolean       mamori_catalog_validate_checks   (MamoriCatalog      *self,
                                                 const char * const *registered_ids,
                                                 const char * const *planned_ids,
                                                 GError            **error);
/* The check ids the catalogs may name before they are registered (the router.*, telework.*
 * and cloud.* checks of issues 5/6); see data/catalog/README.md. */
const char * const *mamori_catalog_planned_check_ids (void);

/* Answers file / stored answers: {"q.backup.offline_copy": "yes", …}, or the same object
 * under an "answers" member. Unknown question ids, answers a question does not offer and
 * non-string values are errors naming the question. catalog may be NULL (no id check). */
GHashTable    *mamori_answers_from_json         (MamoriCatalog  *catalog,
                                                 JsonNode       *node,
                                                 GError        **error);
GHashTable    *mamori_answers_from_data         (MamoriCatalog  *catalog,
                                                 const char     *data,
                                                 gssize          length,
                                                 GError        **error);
/* Object with the answers sorted by question id. */
JsonNode      *mamori_answers_to_json           (GHashTable     *answers);

/* Documents. lang as in mamori_question_get_text(). */
const char    *mamori_catalog_document_get_id        (const MamoriCatalogDocument *self);
const char    *mamori_catalog_document_get_title     (const MamoriCatalogDocument *self,
                                                      const char                  *lang);
const char    *mamori_catalog_document_get_publisher (const MamoriCatalogDocument *self);
const char    *mamori_catalog_document_get_version   (const MamoriCatalogDocument *self);
const char    *mamori_catalog_document_get_date      (const MamoriCatalogDocument *self);
const char    *mamori_catalog_document_get_url       (const MamoriCatalogDocument *self);
/* Which edition was encoded and which facts are unverified. */
const char    *mamori_catalog_document_get_edition_note (const MamoriCatalogDocument *self,
                                                         const char                  *lang);
/* "domain", "router", "telework", "cloud" or "organisation": the family it is scored under. */
const char    *mamori_catalog_document_get_family    (const MamoriCatalogDocument *self);
gboolean       mamori_catalog_document_applies_to    (const MamoriCatalogDocument *self,
                                                      MamoriOrgKind                kind);
/* A new array of borrowed MamoriCatalogItem pointers in file order. */
GPtrArray     *mamori_catalog_document_get_items     (const MamoriCatalogDocument *self);

/* Items. */
const char    *mamori_catalog_item_get_id            (const MamoriCatalogItem *self);
const MamoriCatalogDocument *mamori_catalog_item_get_document (const MamoriCatalogItem *self);
const char    *mamori_catalog_item_get_title         (const MamoriCatalogItem *self,
                                                      const char              *lang);
/* The document's own marker ("must", "should", "may", "basic", "advanced" …). */
const char    *mamori_catalog_item_get_priority      (const MamoriCatalogItem *self);
guint          mamori_catalog_item_get_weight        (const MamoriCatalogItem *self);  /* 1–5 */
guint          mamori_catalog_item_get_effort        (const MamoriCatalogItem *self);  /* 1–3 */
gboolean       mamori_catalog_item_applies_to        (const MamoriCatalogItem *self,
                                                      MamoriOrgKind            kind);
gboolean       mamori_catalog_item_is_planned        (const MamoriCatalogItem *self);
/* Evidence: "check.id" or "check.id:facet" strings, and question ids. Never NULL. */
const char * const *mamori_catalog_item_get_checks   (const MamoriCatalogItem *self);
const char * const *mamori_catalog_item_get_questions (const MamoriCatalogItem *self);
MamoriEvidenceCombine mamori_catalog_item_get_combine (const MamoriCatalogItem *self);
/* Items with the same evidence key recur across documents (DMARC is in several); the score
 * counts them once in families/overall and lists them once among the priorities. */
const char    *mamori_catalog_item_get_evidence_key  (const MamoriCatalogItem *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MamoriCatalog, mamori_catalog_unref)

G_END_DECLS

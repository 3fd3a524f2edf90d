/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Questions that software cannot answer (rules, training, backups …) and the user's answers.
 *
 * Questions live in data/questions/<area>.json and are loaded together with the guideline
 * catalogs (see mamori-catalog.h), which own them. Answers are kept by the caller in a
 * GHashTable: question id (char *) → GINT_TO_POINTER (MamoriAnswer). MamoriAnswer starts
 * at 1, so a plain g_hash_table_lookup() returning NULL means "not answered". */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

#include "mamori-profile.h"

G_BEGIN_DECLS

typedef enum {
  MAMORI_ANSWER_YES = 1,          /* scores 1 */
  MAMORI_ANSWER_PARTLY,           /* scores 0.5 */
  MAMORI_ANSWER_NO,               /* scores 0 */
  MAMORI_ANSWER_NOT_APPLICABLE,   /* the item is left out of the score */
  MAMORI_ANSWER_UNKNOWN,          /* "わからない": undecided, listed, never counted */
} MamoriAnswer;

#define MAMORI_ANSWER_FIRST MAMORI_ANSWER_YES
#define MAMORI_ANSWER_LAST  MAMORI_ANSWER_UNKNOWN

/* "yes", "partly", "no", "not_applicable", "unknown" (the JSON and database spelling). */
const char *mamori_answer_to_string   (MamoriAnswer  answer);
gboolean    mamori_answer_from_string (const char   *str,
                                       MamoriAnswer *answer);
/* Translated label for buttons ("はい", "一部", "いいえ", "該当しない", "わからない"). */
const char *mamori_answer_to_label    (MamoriAnswer  answer);

typedef struct _MamoriQuestion MamoriQuestion;   /* owned by its MamoriCatalog */

const char         *mamori_question_get_id         (const MamoriQuestion *self);
/* The area part of "q.<area>.<topic>" ("backup", "router" …). */
const char         *mamori_question_get_area       (const MamoriQuestion *self);
/* lang is "ja" or "en"; NULL picks by the current locale (Japanese unless it asks for
 * another language, English then). Never NULL: Japanese text is mandatory, English falls
 * back to Japanese. */
const char         *mamori_question_get_text       (const MamoriQuestion *self,
                                                    const char           *lang);
/* One plain sentence on why it matters. */
const char         *mamori_question_get_why        (const MamoriQuestion *self,
                                                    const char           *lang);
gboolean            mamori_question_applies_to     (const MamoriQuestion *self,
                                                    MamoriOrgKind         kind);
/* Whether the question offers this answer (every question offers yes/no/unknown). */
gboolean            mamori_question_allows_answer  (const MamoriQuestion *self,
                                                    MamoriAnswer          answer);
/* Ids of the catalog items whose evidence names this question (filled by the loader). */
const char * const *mamori_question_get_item_ids   (const MamoriQuestion *self);

/* A new answers table (string keys owned by the table). */
GHashTable         *mamori_answers_new             (void);
void                mamori_answers_set             (GHashTable           *answers,
                                                    const char           *question_id,
                                                    MamoriAnswer          answer);
/* 0 when not answered. */
MamoriAnswer        mamori_answers_get             (GHashTable           *answers,
                                                    const char           *question_id);

G_END_DECLS

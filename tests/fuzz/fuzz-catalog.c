/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * libFuzzer target for the catalog loader, the answers parser and the scoring engine
 * (checks/core/mamori-catalog.c, mamori-questions.c, mamori-score.c). The input is
 * "<questions JSON> NUL <document JSON> NUL <answers JSON>"; without NULs the same bytes
 * feed all three. Answers files come from users (mamori-cli --answers), catalogs from a
 * data directory that may be damaged or replaced.
 */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include "mamori-catalog.h"
#include "mamori-score.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static void
check_score (MamoriCatalog *catalog,
             GHashTable    *answers)
{
  g_autoptr(GPtrArray) findings = g_ptr_array_new_with_free_func (g_object_unref);
  static const char * const facets[] = { NULL, "record", "policy", "rua", "chain" };
  static const char * const checks[] = { "domain.dmarc", "domain.spf", "domain.dnssec" };

  /* Every status of a few checks, with and without facets, so every evidence rule runs. */
  for (guint i = 0; i < G_N_ELEMENTS (checks); i++)
    for (guint f = 0; f < G_N_ELEMENTS (facets); f++)
      {
        MamoriFinding *finding = mamori_finding_new (checks[i], "example.jp",
                                                     (MamoriStatus) ((i + f) % 6),
                                                     MAMORI_SEVERITY_INFO);

        if (facets[f] != NULL)
          mamori_finding_set_facet (finding, facets[f]);
        g_ptr_array_add (findings, finding);
      }
  mamori_catalog_fill_guideline_refs (catalog, MAMORI_ORG_KIND_SME, findings);

  for (MamoriOrgKind kind = MAMORI_ORG_KIND_SME; kind <= MAMORI_ORG_KIND_MUNICIPALITY; kind++)
    {
      g_autoptr(MamoriScore) score = mamori_score_compute (catalog, kind, findings, answers);
      g_autoptr(JsonNode) json = mamori_score_to_json (score);
      g_autofree char *text = json_to_string (json, FALSE);
      g_autoptr(GPtrArray) priorities = mamori_score_get_priorities (score);
      double overall = mamori_score_get_overall (score);

      g_assert (overall < 0 || (overall >= 0 && overall <= 100));
      g_assert (g_utf8_validate (text, -1, NULL));
      for (guint i = 0; i < priorities->len; i++)
        {
          MamoriItemStatus status = mamori_score_get_item (score,
                                                           mamori_catalog_item_get_id (priorities->pdata[i]),
                                                           NULL);

          g_assert (status == MAMORI_ITEM_STATUS_FAIL || status == MAMORI_ITEM_STATUS_PARTIAL);
          /* Ordered by weight, heaviest first. */
          if (i > 0)
            g_assert (mamori_catalog_item_get_weight (priorities->pdata[i - 1]) >=
                      mamori_catalog_item_get_weight (priorities->pdata[i]));
        }
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  const char *text = (const char *) data;
  const char *parts[3] = { text, text, text };
  gsize lengths[3] = { size, size, size };
  const char *nul1 = memchr (text, '\0', size);
  g_autoptr(MamoriCatalog) catalog = mamori_catalog_new ();
  g_autoptr(GHashTable) answers = NULL;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  if (nul1 != NULL)
    {
      const char *rest = nul1 + 1;
      const char *nul2 = memchr (rest, '\0', size - (rest - text));

      lengths[0] = nul1 - text;
      parts[1] = rest;
      lengths[1] = nul2 != NULL ? (gsize) (nul2 - rest) : size - (rest - text);
      parts[2] = nul2 != NULL ? nul2 + 1 : "{}";
      lengths[2] = nul2 != NULL ? size - (nul2 + 1 - text) : 2;
    }

  ok = mamori_catalog_add_questions_data (catalog, "q.json", parts[0], lengths[0], &error);
  g_assert (ok == (error == NULL));
  g_clear_error (&error);
  ok = mamori_catalog_add_document_data (catalog, "d.json", parts[1], lengths[1], &error);
  g_assert (ok == (error == NULL));
  if (!ok)
    {
      g_assert (g_utf8_validate (error->message, -1, NULL));
      return 0;
    }
  if (!mamori_catalog_finish (catalog, "1", &error))
    {
      g_assert (error != NULL && g_utf8_validate (error->message, -1, NULL));
      return 0;
    }
  g_assert (mamori_catalog_get_version (catalog) != NULL);

  answers = mamori_answers_from_data (catalog, parts[2], lengths[2], &error);
  g_assert ((answers == NULL) != (error == NULL));
  check_score (catalog, answers);
  return 0;
}

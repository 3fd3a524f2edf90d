/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * libFuzzer target for mamori-cli's answers-file parser (app/cli/mamori-cli-store.c,
 * `check --answers FILE` and `answer --file FILE`): the file comes from the user, often
 * hand-written. Every input is parsed twice: without a catalog (shape checks only) and with
 * the catalog of the source tree's data/ (question ids and offered answers). Whatever it
 * accepts must be storable as it is.
 */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include "mamori-cli-store.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static MamoriCatalog *
shared_catalog (void)
{
  static MamoriCatalog *catalog;
  static gboolean tried;

  /* Loaded once: the catalog is immutable and loading it per input would drown the parser. */
  if (!tried)
    {
      tried = TRUE;
      catalog = mamori_catalog_load_dir (MAMORI_SOURCE_DATADIR, NULL);
    }
  return catalog;
}

static void
check_accepted (GPtrArray     *answers,
                MamoriCatalog *catalog)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < answers->len; i++)
    {
      MamoriStoreAnswer *a = answers->pdata[i];

      g_assert (a->question_id != NULL && *a->question_id != '\0');
      g_assert (g_utf8_validate (a->question_id, -1, NULL));
      g_assert (mamori_store_answer_is_valid (a->answer));
      g_assert (a->note == NULL || g_utf8_validate (a->note, -1, NULL));
      g_assert (g_hash_table_add (seen, a->question_id));   /* no question twice */
      if (catalog != NULL)
        g_assert (mamori_catalog_lookup_question (catalog, a->question_id) != NULL);
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  MamoriCatalog *catalogs[] = { NULL, shared_catalog () };

  for (guint c = 0; c < G_N_ELEMENTS (catalogs); c++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) answers = mamori_cli_parse_answers ("fuzz.json", (const char *) data,
                                                               size, catalogs[c], &error);

      if (answers == NULL)
        {
          /* A refusal always says which file, so the user knows where to look. */
          g_assert (error != NULL && strstr (error->message, "fuzz.json") != NULL);
          continue;
        }
      g_assert (error == NULL);
      check_accepted (answers, catalogs[c]);
    }
  return 0;
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "mamori-catalog-private.h"
#include "mamori-questions.h"

static const char *answer_names[] = {
  [MAMORI_ANSWER_YES] = "yes",
  [MAMORI_ANSWER_PARTLY] = "partly",
  [MAMORI_ANSWER_NO] = "no",
  [MAMORI_ANSWER_NOT_APPLICABLE] = "not_applicable",
  [MAMORI_ANSWER_UNKNOWN] = "unknown",
};

static const char *answer_labels[] = {
  /* Translators: answers to a questionnaire question */
  [MAMORI_ANSWER_YES] = N_("Yes"),
  [MAMORI_ANSWER_PARTLY] = N_("Partly"),
  [MAMORI_ANSWER_NO] = N_("No"),
  [MAMORI_ANSWER_NOT_APPLICABLE] = N_("Does not apply to us"),
  [MAMORI_ANSWER_UNKNOWN] = N_("Don’t know"),
};

const char *
mamori_answer_to_string (MamoriAnswer answer)
{
  g_return_val_if_fail (answer >= MAMORI_ANSWER_FIRST && answer <= MAMORI_ANSWER_LAST,
                        "unknown");
  return answer_names[answer];
}

gboolean
mamori_answer_from_string (const char   *str,
                           MamoriAnswer *answer)
{
  for (MamoriAnswer a = MAMORI_ANSWER_FIRST; a <= MAMORI_ANSWER_LAST; a++)
    {
      if (g_strcmp0 (str, answer_names[a]) == 0)
        {
          *answer = a;
          return TRUE;
        }
    }
  return FALSE;
}

const char *
mamori_answer_to_label (MamoriAnswer answer)
{
  g_return_val_if_fail (answer >= MAMORI_ANSWER_FIRST && answer <= MAMORI_ANSWER_LAST, "");
  return g_dgettext (GETTEXT_PACKAGE, answer_labels[answer]);
}

const char *
mamori_question_get_id (const MamoriQuestion *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->id;
}

const char *
mamori_question_get_area (const MamoriQuestion *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->area;
}

const char *
mamori_question_get_text (const MamoriQuestion *self,
                          const char           *lang)
{
  g_return_val_if_fail (self != NULL, NULL);
  return mamori_loc_text_pick (&self->text, lang);
}

const char *
mamori_question_get_why (const MamoriQuestion *self,
                         const char           *lang)
{
  g_return_val_if_fail (self != NULL, NULL);
  return mamori_loc_text_pick (&self->why, lang);
}

gboolean
mamori_question_applies_to (const MamoriQuestion *self,
                            MamoriOrgKind         kind)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return (self->applies_to & (1u << kind)) != 0;
}

gboolean
mamori_question_allows_answer (const MamoriQuestion *self,
                               MamoriAnswer          answer)
{
  g_return_val_if_fail (self != NULL, FALSE);
  if (answer < MAMORI_ANSWER_FIRST || answer > MAMORI_ANSWER_LAST)
    return FALSE;
  return (self->answers_mask & (1u << answer)) != 0;
}

const char * const *
mamori_question_get_item_ids (const MamoriQuestion *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return (const char * const *) self->item_ids->pdata;
}

GHashTable *
mamori_answers_new (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

void
mamori_answers_set (GHashTable   *answers,
                    const char   *question_id,
                    MamoriAnswer  answer)
{
  g_return_if_fail (answers != NULL);
  g_return_if_fail (question_id != NULL);
  g_return_if_fail (answer >= MAMORI_ANSWER_FIRST && answer <= MAMORI_ANSWER_LAST);
  g_hash_table_replace (answers, g_strdup (question_id), GINT_TO_POINTER (answer));
}

MamoriAnswer
mamori_answers_get (GHashTable *answers,
                    const char *question_id)
{
  if (answers == NULL || question_id == NULL)
    return 0;
  return (MamoriAnswer) GPOINTER_TO_INT (g_hash_table_lookup (answers, question_id));
}

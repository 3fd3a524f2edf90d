/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "mamori-cli-store.h"
#include "mamori-error.h"
#include "mamori-questions.h"

MamoriStore *
mamori_cli_open_store (const char  *path,
                       GError     **error)
{
  return mamori_store_open (path, error);
}

/* Without a catalog (data files missing) the shape is all we can check: q.<area>.<topic>. */
static gboolean
plausible_question_id (const char *id)
{
  g_auto(GStrv) parts = g_strsplit (id, ".", -1);

  if (g_strv_length (parts) != 3 || !g_str_equal (parts[0], "q"))
    return FALSE;
  for (guint i = 1; i < 3; i++)
    {
      if (parts[i][0] == '\0')
        return FALSE;
      for (const char *c = parts[i]; *c != '\0'; c++)
        if (!g_ascii_islower (*c) && !g_ascii_isdigit (*c) && *c != '_')
          return FALSE;
    }
  return TRUE;
}

gboolean
mamori_cli_check_answer (MamoriCatalog  *catalog,
                         const char     *question_id,
                         const char     *answer,
                         const char     *where,
                         GError        **error)
{
  const MamoriQuestion *question = NULL;
  MamoriAnswer value;

  if (catalog != NULL)
    question = mamori_catalog_lookup_question (catalog, question_id);
  if ((catalog != NULL && question == NULL) ||
      (catalog == NULL && !plausible_question_id (question_id)))
    {
      /* Translators: the first %s is the answers file, or "command line". */
      g_set_error (error, MAMORI_ERROR, MAMORI_ERROR_INVALID_INPUT,
                   _("%s: there is no question “%s”"), where, question_id);
      return FALSE;
    }
  if (!mamori_answer_from_string (answer, &value))
    {
      g_set_error (error, MAMORI_ERROR, MAMORI_ERROR_INVALID_INPUT,
                   _("%s: “%s” is not an answer to “%s” (use yes, partly, no, not_applicable or "
                     "unknown)"),
                   where, answer, question_id);
      return FALSE;
    }
  if (question != NULL && !mamori_question_allows_answer (question, value))
    {
      g_set_error (error, MAMORI_ERROR, MAMORI_ERROR_INVALID_INPUT,
                   _("%s: question “%s” does not offer the answer “%s”"),
                   where, question_id, answer);
      return FALSE;
    }
  return TRUE;
}

static gboolean
add_answer (GPtrArray      *answers,
            MamoriCatalog  *catalog,
            const char     *path,
            const char     *question_id,
            JsonNode       *value,
            const char     *note,
            GError        **error)
{
  MamoriStoreAnswer *answer;

  if (value == NULL || !JSON_NODE_HOLDS_VALUE (value) ||
      json_node_get_value_type (value) != G_TYPE_STRING)
    {
      g_set_error (error, MAMORI_ERROR, MAMORI_ERROR_INVALID_INPUT,
                   _("%s: the answer to “%s” must be a string (yes, partly, no, not_applicable "
                     "or unknown)"),
                   path, question_id);
      return FALSE;
    }
  if (!mamori_cli_check_answer (catalog, question_id, json_node_get_string (value), path, error))
    return FALSE;
  for (guint i = 0; i < answers->len; i++)
    {
      if (g_str_equal (((MamoriStoreAnswer *) answers->pdata[i])->question_id, question_id))
        {
          g_set_error (error, MAMORI_ERROR, MAMORI_ERROR_INVALID_INPUT,
                       _("%s: “%s” is answered twice"), path, question_id);
          return FALSE;
        }
    }
  answer = g_new0 (MamoriStoreAnswer, 1);
  answer->question_id = g_strdup (question_id);
  answer->answer = g_strdup (json_node_get_string (value));
  answer->note = g_strdup (note);
  g_ptr_array_add (answers, answer);
  return TRUE;
}

GPtrArray *
mamori_cli_read_answers_file (const char     *path,
                              MamoriCatalog  *catalog,
                              GError        **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *data = NULL;
  gsize length = 0;

  if (!g_file_get_contents (path, &data, &length, &local_error))
    {
      g_set_error (error, MAMORI_ERROR, MAMORI_ERROR_INVALID_INPUT,
                   _("%s: not a readable JSON file (%s)"), path, local_error->message);
      return NULL;
    }
  return mamori_cli_parse_answers (path, data, length, catalog, error);
}

GPtrArray *
mamori_cli_parse_answers (const char     *path,
                          const char     *data,
                          gsize           length,
                          MamoriCatalog  *catalog,
                          GError        **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GPtrArray) answers = g_ptr_array_new_with_free_func ((GDestroyNotify) mamori_store_answer_free);
  g_autoptr(GError) local_error = NULL;
  JsonNode *root, *list;
  JsonObject *object;

  /* json-glib stops at a NUL and would accept "{}\0garbage"; a file with NULs is not JSON. */
  if (memchr (data, '\0', length) != NULL ||
      !json_parser_load_from_data (parser, data, (gssize) length, &local_error))
    {
      if (local_error == NULL)
        g_set_error_literal (&local_error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_INVALID_DATA,
                             "NUL byte");
      g_set_error (error, MAMORI_ERROR, MAMORI_ERROR_INVALID_INPUT,
                   _("%s: not a readable JSON file (%s)"), path, local_error->message);
      return NULL;
    }
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, MAMORI_ERROR, MAMORI_ERROR_INVALID_INPUT,
                   _("%s: answers must be a JSON object like {\"q.backup.offline_copy\": \"yes\"}"),
                   path);
      return NULL;
    }
  object = json_node_get_object (root);
  list = json_object_get_member (object, "answers");

  if (list != NULL && JSON_NODE_HOLDS_ARRAY (list))
    {
      JsonArray *array = json_node_get_array (list);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *element = json_array_get_element (array, i);
          JsonObject *entry;
          JsonNode *qid, *note;

          if (!JSON_NODE_HOLDS_OBJECT (element))
            {
              g_set_error (error, MAMORI_ERROR, MAMORI_ERROR_INVALID_INPUT,
                           _("%s: answer number %u is not an object with “question” and "
                             "“answer”"),
                           path, i + 1);
              return NULL;
            }
          entry = json_node_get_object (element);
          qid = json_object_get_member (entry, "question");
          if (qid == NULL)
            qid = json_object_get_member (entry, "id");
          note = json_object_get_member (entry, "note");
          if (qid == NULL || !JSON_NODE_HOLDS_VALUE (qid) ||
              json_node_get_value_type (qid) != G_TYPE_STRING)
            {
              g_set_error (error, MAMORI_ERROR, MAMORI_ERROR_INVALID_INPUT,
                           _("%s: answer number %u has no “question”"), path, i + 1);
              return NULL;
            }
          if (note != NULL && !JSON_NODE_HOLDS_NULL (note) &&
              (!JSON_NODE_HOLDS_VALUE (note) || json_node_get_value_type (note) != G_TYPE_STRING))
            {
              g_set_error (error, MAMORI_ERROR, MAMORI_ERROR_INVALID_INPUT,
                           _("%s: the note to “%s” must be a string"), path,
                           json_node_get_string (qid));
              return NULL;
            }
          if (!add_answer (answers, catalog, path, json_node_get_string (qid),
                           json_object_get_member (entry, "answer"),
                           note != NULL && JSON_NODE_HOLDS_VALUE (note)
                           ? json_node_get_string (note) : NULL,
                           error))
            return NULL;
        }
    }
  else
    {
      JsonObjectIter iter;
      const char *qid;
      JsonNode *value;

      if (list != NULL && JSON_NODE_HOLDS_OBJECT (list))
        object = json_node_get_object (list);
      else if (list != NULL)
        {
          g_set_error (error, MAMORI_ERROR, MAMORI_ERROR_INVALID_INPUT,
                       _("%s: “answers” must be a list or an object"), path);
          return NULL;
        }
      json_object_iter_init (&iter, object);
      while (json_object_iter_next (&iter, &qid, &value))
        if (!add_answer (answers, catalog, path, qid, value, NULL, error))
          return NULL;
    }
  return g_steal_pointer (&answers);
}

GHashTable *
mamori_cli_answers_for_scoring (GHashTable *stored)
{
  GHashTable *answers = mamori_answers_new ();
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, stored);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      MamoriStoreAnswer *stored_answer = value;
      MamoriAnswer answer;

      /* The store and the engine share the spelling; an answer word from a newer Mamori
       * is left out (unanswered) rather than guessed. */
      if (mamori_answer_from_string (stored_answer->answer, &answer))
        mamori_answers_set (answers, key, answer);
    }
  return answers;
}

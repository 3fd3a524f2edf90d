/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "mamori-catalog-private.h"
#include "mamori-data-dir.h"
#include "mamori-error.h"

/* Generous bounds: the real files are a few tens of kilobytes. They keep a damaged or hostile
 * file (the fuzz target feeds anything) from costing much. */
#define MAX_FILE_SIZE   (4 * 1024 * 1024)
#define MAX_TEXT_LENGTH 2000
#define MAX_ID_LENGTH   100
#define MAX_LIST_LENGTH 64

/* Check ids that catalog items may name before the check is registered. Items naming them
 * must say "planned": true and carry a question, so they stay decidable meanwhile. */
static const char * const planned_check_ids[] = {
  "router.services", "router.exposure", "router.upnp", "router.eol",
  "telework.updates", "telework.os_eol", "telework.antivirus", "telework.accounts",
  "telework.screen_lock", "telework.disk_encryption", "telework.firewall", "telework.wifi",
  "cloud.saas", "cloud.buckets", "cloud.exposed_files",
  NULL
};

static const char * const families[] = {
  "domain", "router", "telework", "cloud", "organisation", NULL
};

G_DEFINE_BOXED_TYPE (MamoriCatalog, mamori_catalog, mamori_catalog_ref, mamori_catalog_unref)

static void
loc_text_clear (MamoriLocText *text)
{
  g_clear_pointer (&text->ja, g_free);
  g_clear_pointer (&text->en, g_free);
}

/* Japanese unless the user's locale asks for another language first. */
static gboolean
want_english (const char *lang)
{
  const char * const *names;

  if (lang != NULL)
    return g_str_equal (lang, "en");
  names = g_get_language_names ();
  for (guint i = 0; names[i] != NULL; i++)
    {
      if (g_str_has_prefix (names[i], "ja"))
        return FALSE;
      if (g_str_equal (names[i], "C") || g_str_equal (names[i], "POSIX"))
        continue;
      return TRUE;
    }
  return FALSE;
}

const char *
mamori_loc_text_pick (const MamoriLocText *text,
                      const char          *lang)
{
  if (text->ja == NULL)
    return text->en != NULL ? text->en : "";
  if (want_english (lang) && text->en != NULL)
    return text->en;
  return text->ja;
}

static void
question_free (MamoriQuestion *q)
{
  g_free (q->id);
  g_free (q->area);
  g_free (q->file);
  loc_text_clear (&q->text);
  loc_text_clear (&q->why);
  g_clear_pointer (&q->item_ids, g_ptr_array_unref);
  g_clear_pointer (&q->declared_items, g_strfreev);
  g_free (q);
}

static void
item_free (MamoriCatalogItem *item)
{
  g_free (item->id);
  loc_text_clear (&item->title);
  g_free (item->priority);
  g_strfreev (item->checks);
  g_strfreev (item->questions);
  g_free (item->evidence_key);
  g_free (item);
}

static void
document_free (MamoriCatalogDocument *doc)
{
  g_free (doc->id);
  g_free (doc->file);
  loc_text_clear (&doc->title);
  loc_text_clear (&doc->edition_note);
  g_free (doc->publisher);
  g_free (doc->version);
  g_free (doc->date);
  g_free (doc->url);
  g_free (doc->family);
  g_clear_pointer (&doc->native, json_node_unref);
  g_ptr_array_unref (doc->items);
  g_free (doc);
}

MamoriCatalog *
mamori_catalog_new (void)
{
  MamoriCatalog *self = g_new0 (MamoriCatalog, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->documents = g_ptr_array_new_with_free_func ((GDestroyNotify) document_free);
  self->questions = g_ptr_array_new_with_free_func ((GDestroyNotify) question_free);
  self->documents_by_id = g_hash_table_new (g_str_hash, g_str_equal);
  self->items_by_id = g_hash_table_new (g_str_hash, g_str_equal);
  self->questions_by_id = g_hash_table_new (g_str_hash, g_str_equal);
  self->file_hashes = g_ptr_array_new_with_free_func (g_free);
  return self;
}

MamoriCatalog *
mamori_catalog_ref (MamoriCatalog *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
mamori_catalog_unref (MamoriCatalog *self)
{
  g_return_if_fail (self != NULL);
  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;
  g_hash_table_unref (self->documents_by_id);
  g_hash_table_unref (self->items_by_id);
  g_hash_table_unref (self->questions_by_id);
  g_ptr_array_unref (self->documents);
  g_ptr_array_unref (self->questions);
  g_ptr_array_unref (self->file_hashes);
  g_free (self->version);
  g_free (self);
}

/* ---- parsing helpers ------------------------------------------------------------------- */

/* Replaces *str with a valid UTF-8 copy and returns it (still owned by *str). */
static const char *
make_valid_in_place (char **str)
{
  char *valid = g_utf8_make_valid (*str, -1);

  g_free (*str);
  *str = valid;
  return valid;
}

/* An error about the user's answers; the text may quote their bytes. */
static void G_GNUC_PRINTF (2, 3)
set_input_error (GError    **error,
                 const char *format,
                 ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error_literal (error, MAMORI_ERROR, MAMORI_ERROR_INVALID_INPUT,
                       g_utf8_validate (message, -1, NULL) ? message
                                                           : make_valid_in_place (&message));
}

/* Every error says which file and which document, item or question it is about. */
static gboolean G_GNUC_PRINTF (4, 5)
fail (GError    **error,
      const char *file,
      const char *where,
      const char *format,
      ...)
{
  g_autofree char *detail = NULL;
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  detail = g_strdup_vprintf (format, args);
  va_end (args);
  if (where != NULL)
    message = g_strdup_printf ("%s: %s: %s", file, where, detail);
  else
    message = g_strdup_printf ("%s: %s", file, detail);
  /* json-glib quotes the offending byte, which may be half a character. */
  g_set_error_literal (error, MAMORI_ERROR, MAMORI_ERROR_DATA,
                       g_utf8_validate (message, -1, NULL) ? message
                                                           : make_valid_in_place (&message));
  return FALSE;
}

static gboolean
check_members (JsonObject         *obj,
               const char * const *allowed,
               const char         *file,
               const char         *where,
               GError            **error)
{
  g_autoptr(GList) names = json_object_get_members (obj);

  for (GList *l = names; l != NULL; l = l->next)
    {
      if (!g_strv_contains (allowed, l->data))
        return fail (error, file, where, _("unknown field “%s”"), (const char *) l->data);
    }
  return TRUE;
}

/* A string member: NULL out and TRUE when absent and optional. */
static gboolean
get_string (JsonObject  *obj,
            const char  *name,
            gboolean     required,
            char       **out,
            const char  *file,
            const char  *where,
            GError     **error)
{
  JsonNode *node = json_object_get_member (obj, name);
  const char *value;

  *out = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      if (required)
        return fail (error, file, where, _("“%s” is missing"), name);
      return TRUE;
    }
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return fail (error, file, where, _("“%s” must be a string"), name);
  value = json_node_get_string (node);
  if (*value == '\0' && required)
    return fail (error, file, where, _("“%s” is empty"), name);
  if (strlen (value) > MAX_TEXT_LENGTH)
    return fail (error, file, where, _("“%s” is too long"), name);
  *out = g_strdup (value);
  return TRUE;
}

static gboolean
get_int (JsonObject *obj,
         const char *name,
         gint64      min,
         gint64      max,
         gint64      fallback,
         gint64     *out,
         const char *file,
         const char *where,
         GError    **error)
{
  JsonNode *node = json_object_get_member (obj, name);
  gint64 value;

  if (node == NULL)
    {
      if (fallback < min)
        return fail (error, file, where, _("“%s” is missing"), name);
      *out = fallback;
      return TRUE;
    }
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return fail (error, file, where, _("“%s” must be a whole number"), name);
  value = json_node_get_int (node);
  if (value < min || value > max)
    return fail (error, file, where, _("“%s” must be between %d and %d"), name,
                 (int) min, (int) max);
  *out = value;
  return TRUE;
}

static gboolean
has_japanese (const char *text)
{
  /* Kana, kanji and full-width forms all sit at U+3000 and above; a "ja" text without any
   * is English pasted into the wrong field. */
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      if (g_utf8_get_char (p) >= 0x3000)
        return TRUE;
    }
  return FALSE;
}

/* {"ja": "…", "en": "…"}: Japanese is required and must be Japanese; English optional
 * only where required_en is FALSE. */
static gboolean
get_loc_text (JsonObject    *obj,
              const char    *name,
              gboolean       required,
              gboolean       required_en,
              MamoriLocText *out,
              const char    *file,
              const char    *where,
              GError       **error)
{
  static const char * const allowed[] = { "ja", "en", NULL };
  JsonNode *node = json_object_get_member (obj, name);
  JsonObject *text;
  g_autofree char *field = NULL;

  if (node == NULL)
    {
      if (required)
        return fail (error, file, where, _("“%s” is missing"), name);
      return TRUE;
    }
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return fail (error, file, where, _("“%s” must be an object with “ja” and “en” texts"),
                 name);
  text = json_node_get_object (node);
  field = g_strdup_printf ("%s.%s", where, name);
  if (!check_members (text, allowed, file, field, error))
    return FALSE;
  if (!json_object_has_member (text, "ja"))
    return fail (error, file, where, _("“%s” has no Japanese text"), name);
  if (!get_string (text, "ja", TRUE, &out->ja, file, field, error))
    return FALSE;
  if (!has_japanese (out->ja))
    return fail (error, file, where, _("the Japanese text of “%s” is not in Japanese"), name);
  if (!get_string (text, "en", required_en, &out->en, file, field, error))
    return FALSE;
  return TRUE;
}

static gboolean
valid_token (const char *str,
             const char *extra)
{
  if (*str == '\0' || strlen (str) > MAX_ID_LENGTH)
    return FALSE;
  for (const char *p = str; *p != '\0'; p++)
    {
      if (!g_ascii_islower (*p) && !g_ascii_isdigit (*p) && strchr (extra, *p) == NULL)
        return FALSE;
    }
  return TRUE;
}

/* "family.name" or "family.name:facet". */
static gboolean
valid_check_ref (const char *ref)
{
  g_auto(GStrv) parts = g_strsplit (ref, ":", -1);
  g_auto(GStrv) id = NULL;
  guint n = g_strv_length (parts);

  if (n < 1 || n > 2)
    return FALSE;
  id = g_strsplit (parts[0], ".", -1);
  if (g_strv_length (id) != 2 || !valid_token (id[0], "") || !valid_token (id[1], "_"))
    return FALSE;
  return n == 1 || valid_token (parts[1], "_");
}

/* "q.area.topic". */
static gboolean
valid_question_id (const char *id)
{
  g_auto(GStrv) parts = g_strsplit (id, ".", -1);

  return g_strv_length (parts) == 3 && g_str_equal (parts[0], "q") &&
         valid_token (parts[1], "_") && valid_token (parts[2], "_");
}

/* A list of distinct strings, each accepted by valid. */
static gboolean
get_string_list (JsonObject  *obj,
                 const char  *name,
                 gboolean   (*valid) (const char *),
                 GStrv       *out,
                 const char  *file,
                 const char  *where,
                 GError     **error)
{
  JsonNode *node = json_object_get_member (obj, name);
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func (g_free);
  JsonArray *array;

  *out = NULL;
  if (node != NULL)
    {
      if (!JSON_NODE_HOLDS_ARRAY (node))
        return fail (error, file, where, _("“%s” must be a list"), name);
      array = json_node_get_array (node);
      if (json_array_get_length (array) > MAX_LIST_LENGTH)
        return fail (error, file, where, _("“%s” is too long"), name);
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *element = json_array_get_element (array, i);
          const char *str;

          if (!JSON_NODE_HOLDS_VALUE (element) ||
              json_node_get_value_type (element) != G_TYPE_STRING)
            return fail (error, file, where, _("“%s” must be a list of strings"), name);
          str = json_node_get_string (element);
          if (valid != NULL && !valid (str))
            return fail (error, file, where, _("“%s” in “%s” is not a valid id"), str, name);
          for (guint j = 0; j < list->len; j++)
            {
              if (g_str_equal (list->pdata[j], str))
                return fail (error, file, where, _("“%s” is listed twice in “%s”"), str, name);
            }
          g_ptr_array_add (list, g_strdup (str));
        }
    }
  g_ptr_array_add (list, NULL);
  *out = (GStrv) g_ptr_array_free (g_steal_pointer (&list), FALSE);
  return TRUE;
}

static gboolean
valid_org_kind (const char *str)
{
  MamoriOrgKind kind;

  return mamori_org_kind_from_string (str, &kind);
}

/* applies_to: a list of organisation kinds, as a bit mask; absent means every kind. */
static gboolean
get_applies_to (JsonObject  *obj,
                guint        fallback,
                guint       *out,
                const char  *file,
                const char  *where,
                GError     **error)
{
  g_auto(GStrv) kinds = NULL;

  if (!json_object_has_member (obj, "applies_to"))
    {
      *out = fallback;
      return TRUE;
    }
  if (!get_string_list (obj, "applies_to", valid_org_kind, &kinds, file, where, error))
    return FALSE;
  if (kinds[0] == NULL)
    return fail (error, file, where, _("“applies_to” is empty"));
  *out = 0;
  for (guint i = 0; kinds[i] != NULL; i++)
    {
      MamoriOrgKind kind;

      mamori_org_kind_from_string (kinds[i], &kind);
      *out |= 1u << kind;
    }
  return TRUE;
}

static JsonNode *
parse_json (const char  *name,
            const char  *data,
            gssize       length,
            GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) local_error = NULL;

  if (length < 0)
    length = strlen (data);
  if (length > MAX_FILE_SIZE)
    {
      fail (error, name, NULL, _("the file is too large"));
      return NULL;
    }
  if (!g_utf8_validate (data, length, NULL))
    {
      fail (error, name, NULL, _("the file is not valid UTF-8"));
      return NULL;
    }
  if (!json_parser_load_from_data (parser, data, length, &local_error))
    {
      fail (error, name, NULL, _("not valid JSON: %s"), local_error->message);
      return NULL;
    }
  /* An empty or blank file parses without error and without a root. */
  if (json_parser_get_root (parser) == NULL ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      fail (error, name, NULL, _("the top level must be a JSON object"));
      return NULL;
    }
  return json_node_ref (json_parser_get_root (parser));
}

static void
remember_file (MamoriCatalog *self,
               const char    *name,
               const char    *data,
               gssize         length)
{
  g_autofree char *digest = g_compute_checksum_for_data (G_CHECKSUM_SHA256,
                                                         (const guchar *) data,
                                                         length < 0 ? strlen (data) : (gsize) length);

  g_ptr_array_add (self->file_hashes, g_strdup_printf ("%s %s", name, digest));
}

/* ---- documents and items --------------------------------------------------------------- */

static char *
make_evidence_key (MamoriCatalogItem *item)
{
  g_autoptr(GPtrArray) checks = g_ptr_array_new ();
  g_autoptr(GPtrArray) questions = g_ptr_array_new ();
  GString *key = g_string_new (NULL);

  for (guint i = 0; item->checks[i] != NULL; i++)
    g_ptr_array_add (checks, item->checks[i]);
  for (guint i = 0; item->questions[i] != NULL; i++)
    g_ptr_array_add (questions, item->questions[i]);
  g_ptr_array_sort (checks, (GCompareFunc) mamori_strcmp_indirect);
  g_ptr_array_sort (questions, (GCompareFunc) mamori_strcmp_indirect);
  g_string_append (key, item->combine == MAMORI_COMBINE_CHECK_FIRST ? "check_first" : "all");
  for (guint i = 0; i < checks->len; i++)
    g_string_append_printf (key, " %s", (const char *) checks->pdata[i]);
  g_string_append (key, " |");
  for (guint i = 0; i < questions->len; i++)
    g_string_append_printf (key, " %s", (const char *) questions->pdata[i]);
  return g_string_free (key, FALSE);
}

int
mamori_strcmp_indirect (const char **a,
                        const char **b)
{
  return strcmp (*a, *b);
}

static gboolean
parse_item (MamoriCatalog          *self,
            MamoriCatalogDocument  *doc,
            JsonNode               *node,
            guint                   index,
            GError                **error)
{
  static const char * const allowed[] = {
    "id", "title", "priority", "weight", "effort", "applies_to", "planned", "evidence",
    "part", "number", "note", NULL
  };
  static const char * const evidence_allowed[] = { "checks", "questions", "combine", NULL };
  MamoriCatalogItem *item;
  JsonObject *obj, *evidence;
  JsonNode *planned;
  g_autofree char *where = NULL;
  g_autofree char *combine = NULL;
  g_autofree char *prefix = NULL;
  gint64 weight, effort;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return fail (error, doc->file, doc->id, _("item %u is not an object"), index + 1);
  obj = json_node_get_object (node);

  item = g_new0 (MamoriCatalogItem, 1);
  item->document = doc;
  g_ptr_array_add (doc->items, item);   /* freed with the document from here on */

  where = g_strdup_printf ("%s, item %u", doc->id, index + 1);
  if (!get_string (obj, "id", TRUE, &item->id, doc->file, where, error))
    return FALSE;
  g_free (where);
  where = g_strdup_printf ("item “%s”", item->id);
  prefix = g_strconcat (doc->id, ".", NULL);
  if (!g_str_has_prefix (item->id, prefix) || !valid_token (item->id + strlen (prefix), "._-"))
    return fail (error, doc->file, where, _("the id must be “%s<number>”"), prefix);
  if (g_hash_table_contains (self->items_by_id, item->id))
    return fail (error, doc->file, where, _("duplicate item id"));
  g_hash_table_insert (self->items_by_id, item->id, item);

  if (!check_members (obj, allowed, doc->file, where, error) ||
      !get_loc_text (obj, "title", TRUE, TRUE, &item->title, doc->file, where, error) ||
      !get_string (obj, "priority", TRUE, &item->priority, doc->file, where, error) ||
      !get_int (obj, "weight", 1, 5, 0, &weight, doc->file, where, error) ||
      !get_int (obj, "effort", 1, 3, 0, &effort, doc->file, where, error) ||
      !get_applies_to (obj, doc->applies_to, &item->applies_to, doc->file, where, error))
    return FALSE;
  item->weight = weight;
  item->effort = effort;
  if ((item->applies_to & ~doc->applies_to) != 0)
    return fail (error, doc->file, where,
                 _("applies to an organisation kind that its document does not"));

  planned = json_object_get_member (obj, "planned");
  if (planned != NULL)
    {
      if (!JSON_NODE_HOLDS_VALUE (planned) ||
          json_node_get_value_type (planned) != G_TYPE_BOOLEAN)
        return fail (error, doc->file, where, _("“%s” must be true or false"), "planned");
      item->planned = json_node_get_boolean (planned);
    }

  if (!json_object_has_member (obj, "evidence") ||
      !JSON_NODE_HOLDS_OBJECT (json_object_get_member (obj, "evidence")))
    return fail (error, doc->file, where, _("“evidence” is missing or not an object"));
  evidence = json_object_get_object_member (obj, "evidence");
  if (!check_members (evidence, evidence_allowed, doc->file, where, error) ||
      !get_string_list (evidence, "checks", valid_check_ref, &item->checks, doc->file, where,
                        error) ||
      !get_string_list (evidence, "questions", valid_question_id, &item->questions, doc->file,
                        where, error) ||
      !get_string (evidence, "combine", FALSE, &combine, doc->file, where, error))
    return FALSE;
  if (item->checks[0] == NULL && item->questions[0] == NULL)
    return fail (error, doc->file, where, _("the evidence names no check and no question"));
  if (combine == NULL || g_str_equal (combine, "all"))
    item->combine = MAMORI_COMBINE_ALL;
  else if (g_str_equal (combine, "check_first"))
    item->combine = MAMORI_COMBINE_CHECK_FIRST;
  else
    return fail (error, doc->file, where, _("“combine” must be “all” or “check_first”"));
  if (item->combine == MAMORI_COMBINE_CHECK_FIRST &&
      (item->checks[0] == NULL || item->questions[0] == NULL))
    return fail (error, doc->file, where,
                 _("“check_first” needs both checks and questions"));
  if (item->planned && item->questions[0] == NULL)
    return fail (error, doc->file, where,
                 _("a planned item needs a question until its check exists"));
  item->evidence_key = make_evidence_key (item);
  return TRUE;
}

static gboolean
add_document_data (MamoriCatalog  *self,
                   const char     *name,
                   const char     *data,
                   gssize          length,
                   GError        **error)
{
  static const char * const allowed[] = {
    "$schema", "id", "title", "publisher", "version", "date", "url", "edition_note", "family",
    "applies_to", "scoring", "items", NULL
  };
  g_autoptr(JsonNode) root = NULL;
  MamoriCatalogDocument *doc;
  JsonObject *obj;
  JsonNode *items;
  g_autofree char *where = NULL;
  g_autofree char *id = NULL;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (!self->finished, FALSE);
  g_return_val_if_fail (name != NULL && data != NULL, FALSE);

  root = parse_json (name, data, length, error);
  if (root == NULL)
    return FALSE;
  obj = json_node_get_object (root);

  if (!get_string (obj, "id", TRUE, &id, name, NULL, error))
    return FALSE;
  if (!valid_token (id, "-"))
    return fail (error, name, NULL, _("document id “%s” is not valid"), id);
  if (g_hash_table_contains (self->documents_by_id, id))
    return fail (error, name, id, _("duplicate document id"));

  doc = g_new0 (MamoriCatalogDocument, 1);
  doc->items = g_ptr_array_new_with_free_func ((GDestroyNotify) item_free);
  doc->id = g_steal_pointer (&id);
  doc->file = g_strdup (name);
  g_ptr_array_add (self->documents, doc);
  g_hash_table_insert (self->documents_by_id, doc->id, doc);
  where = g_strdup_printf (_("document “%s”"), doc->id);

  if (!check_members (obj, allowed, name, where, error) ||
      !get_loc_text (obj, "title", TRUE, TRUE, &doc->title, name, where, error) ||
      !get_string (obj, "publisher", TRUE, &doc->publisher, name, where, error) ||
      !get_string (obj, "version", TRUE, &doc->version, name, where, error) ||
      !get_string (obj, "date", TRUE, &doc->date, name, where, error) ||
      !get_string (obj, "url", TRUE, &doc->url, name, where, error) ||
      !get_loc_text (obj, "edition_note", TRUE, FALSE, &doc->edition_note, name, where,
                     error) ||
      !get_string (obj, "family", TRUE, &doc->family, name, where, error) ||
      !get_applies_to (obj, (1u << MAMORI_ORG_KIND_SME) | (1u << MAMORI_ORG_KIND_MUNICIPALITY),
                       &doc->applies_to, name, where, error))
    return FALSE;
  if (!g_strv_contains (families, doc->family))
    return fail (error, name, where, _("unknown family “%s”"), doc->family);
  if (!g_str_has_prefix (doc->url, "https://") && !g_str_has_prefix (doc->url, "http://"))
    return fail (error, name, where, _("“url” must be an http(s) address"));
  if (json_object_has_member (obj, "scoring"))
    {
      if (!mamori_native_scoring_parse (json_object_get_member (obj, "scoring"), &doc->native,
                                        name, where, error))
        return FALSE;
    }

  items = json_object_get_member (obj, "items");
  if (items == NULL || !JSON_NODE_HOLDS_ARRAY (items) ||
      json_array_get_length (json_node_get_array (items)) == 0)
    return fail (error, name, where, _("“items” must be a non-empty list"));
  if (json_array_get_length (json_node_get_array (items)) > 1000)
    return fail (error, name, where, _("“%s” is too long"), "items");
  for (guint i = 0; i < json_array_get_length (json_node_get_array (items)); i++)
    {
      if (!parse_item (self, doc, json_array_get_element (json_node_get_array (items), i), i,
                       error))
        return FALSE;
    }
  remember_file (self, name, data, length);
  return TRUE;
}

/* ---- questions ------------------------------------------------------------------------- */

static gboolean
valid_answer (const char *str)
{
  MamoriAnswer answer;

  return mamori_answer_from_string (str, &answer);
}

static gboolean
valid_item_id (const char *str)
{
  return valid_token (str, "._-");
}

static gboolean
add_questions_data (MamoriCatalog  *self,
                    const char     *name,
                    const char     *data,
                    gssize          length,
                    GError        **error)
{
  static const char * const top_allowed[] = { "$schema", "area", "questions", NULL };
  static const char * const allowed[] = {
    "id", "text", "why", "answers", "applies_to", "items", NULL
  };
  g_autoptr(JsonNode) root = NULL;
  JsonObject *obj;
  JsonNode *list;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (!self->finished, FALSE);
  g_return_val_if_fail (name != NULL && data != NULL, FALSE);

  root = parse_json (name, data, length, error);
  if (root == NULL)
    return FALSE;
  obj = json_node_get_object (root);
  if (!check_members (obj, top_allowed, name, NULL, error))
    return FALSE;
  list = json_object_get_member (obj, "questions");
  if (list == NULL || !JSON_NODE_HOLDS_ARRAY (list) ||
      json_array_get_length (json_node_get_array (list)) == 0)
    return fail (error, name, NULL, _("“questions” must be a non-empty list"));
  if (json_array_get_length (json_node_get_array (list)) > 1000)
    return fail (error, name, NULL, _("“%s” is too long"), "questions");

  for (guint i = 0; i < json_array_get_length (json_node_get_array (list)); i++)
    {
      JsonNode *node = json_array_get_element (json_node_get_array (list), i);
      g_autofree char *where = g_strdup_printf (_("question %u"), i + 1);
      g_auto(GStrv) answers = NULL;
      MamoriQuestion *q;
      JsonObject *qobj;
      char **parts;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        return fail (error, name, where, _("not an object"));
      qobj = json_node_get_object (node);
      q = g_new0 (MamoriQuestion, 1);
      q->file = g_strdup (name);
      q->item_ids = g_ptr_array_new ();
      g_ptr_array_add (self->questions, q);
      if (!get_string (qobj, "id", TRUE, &q->id, name, where, error))
        return FALSE;
      g_free (where);
      where = g_strdup_printf (_("question “%s”"), q->id);
      if (!valid_question_id (q->id))
        return fail (error, name, where, _("the id must look like “q.<area>.<topic>”"));
      if (g_hash_table_contains (self->questions_by_id, q->id))
        return fail (error, name, where, _("duplicate question id"));
      g_hash_table_insert (self->questions_by_id, q->id, q);
      parts = g_strsplit (q->id, ".", 3);
      q->area = g_strdup (parts[1]);
      g_strfreev (parts);

      if (!check_members (qobj, allowed, name, where, error) ||
          !get_loc_text (qobj, "text", TRUE, TRUE, &q->text, name, where, error) ||
          !get_loc_text (qobj, "why", TRUE, TRUE, &q->why, name, where, error) ||
          !get_applies_to (qobj, (1u << MAMORI_ORG_KIND_SME) |
                                 (1u << MAMORI_ORG_KIND_MUNICIPALITY),
                           &q->applies_to, name, where, error) ||
          !get_string_list (qobj, "answers", valid_answer, &answers, name, where, error))
        return FALSE;
      if (!json_object_has_member (qobj, "answers"))
        {
          q->answers_mask = 0;
          for (MamoriAnswer a = MAMORI_ANSWER_FIRST; a <= MAMORI_ANSWER_LAST; a++)
            q->answers_mask |= 1u << a;
        }
      for (guint j = 0; answers[j] != NULL; j++)
        {
          MamoriAnswer a;

          mamori_answer_from_string (answers[j], &a);
          q->answers_mask |= 1u << a;
        }
      /* Yes, no and "don't know" are always offered: a questionnaire without them would
       * force a guess. */
      if ((q->answers_mask & (1u << MAMORI_ANSWER_YES)) == 0 ||
          (q->answers_mask & (1u << MAMORI_ANSWER_NO)) == 0 ||
          (q->answers_mask & (1u << MAMORI_ANSWER_UNKNOWN)) == 0)
        return fail (error, name, where, _("“answers” must include yes, no and unknown"));
      if (json_object_has_member (qobj, "items") &&
          !get_string_list (qobj, "items", valid_item_id, &q->declared_items, name, where,
                            error))
        return FALSE;
    }
  remember_file (self, name, data, length);
  return TRUE;
}

/* A failed file may leave half an entry behind: the catalog is then refused as a whole. */
gboolean
mamori_catalog_add_document_data (MamoriCatalog  *self,
                                  const char     *name,
                                  const char     *data,
                                  gssize          length,
                                  GError        **error)
{
  if (add_document_data (self, name, data, length, error))
    return TRUE;
  self->broken = TRUE;
  return FALSE;
}

gboolean
mamori_catalog_add_questions_data (MamoriCatalog  *self,
                                   const char     *name,
                                   const char     *data,
                                   gssize          length,
                                   GError        **error)
{
  if (add_questions_data (self, name, data, length, error))
    return TRUE;
  self->broken = TRUE;
  return FALSE;
}

/* ---- finishing and loading ------------------------------------------------------------- */

gboolean
mamori_catalog_finish (MamoriCatalog  *self,
                       const char     *base_version,
                       GError        **error)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autofree char *base = NULL;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (!self->finished, FALSE);

  if (self->broken)
    return fail (error, "catalog", NULL, _("a file of the catalog could not be loaded"));
  if (self->documents->len == 0)
    return fail (error, "catalog", NULL, _("no guideline document was found"));

  for (guint i = 0; i < self->documents->len; i++)
    {
      MamoriCatalogDocument *doc = self->documents->pdata[i];

      for (guint j = 0; j < doc->items->len; j++)
        {
          MamoriCatalogItem *item = doc->items->pdata[j];
          g_autofree char *where = g_strdup_printf (_("item “%s”"), item->id);

          for (guint k = 0; item->questions[k] != NULL; k++)
            {
              MamoriQuestion *q = g_hash_table_lookup (self->questions_by_id,
                                                       item->questions[k]);

              if (q == NULL)
                return fail (error, doc->file, where, _("unknown question “%s”"),
                             item->questions[k]);
              if ((item->applies_to & q->applies_to) != item->applies_to)
                return fail (error, doc->file, where,
                             _("question “%s” is not asked of every organisation kind the "
                               "item applies to"), q->id);
              g_ptr_array_add (q->item_ids, item->id);
            }
        }
    }

  for (guint i = 0; i < self->questions->len; i++)
    {
      MamoriQuestion *q = self->questions->pdata[i];
      g_autofree char *where = g_strdup_printf (_("question “%s”"), q->id);

      if (q->item_ids->len == 0)
        return fail (error, q->file, where, _("no guideline item uses this question"));
      g_ptr_array_sort (q->item_ids, (GCompareFunc) mamori_strcmp_indirect);
      /* The "items" written in the question file is for people reading it; it must agree
       * with what the catalogs say, or one of the two is stale. */
      if (q->declared_items != NULL)
        {
          for (guint j = 0; q->declared_items[j] != NULL; j++)
            {
              if (!g_ptr_array_find_with_equal_func (q->item_ids, q->declared_items[j],
                                                     g_str_equal, NULL))
                return fail (error, q->file, where,
                             _("lists item “%s”, whose evidence does not name it"),
                             q->declared_items[j]);
            }
          for (guint j = 0; j < q->item_ids->len; j++)
            {
              if (!g_strv_contains ((const char * const *) q->declared_items,
                                    q->item_ids->pdata[j]))
                return fail (error, q->file, where,
                             _("item “%s” uses it but is not listed in “items”"),
                             (const char *) q->item_ids->pdata[j]);
            }
        }
      g_ptr_array_add (q->item_ids, NULL);
    }

  g_ptr_array_sort (self->file_hashes, (GCompareFunc) mamori_strcmp_indirect);
  for (guint i = 0; i < self->file_hashes->len; i++)
    {
      const char *line = self->file_hashes->pdata[i];

      g_checksum_update (checksum, (const guchar *) line, -1);
      g_checksum_update (checksum, (const guchar *) "\n", 1);
    }
  base = g_strstrip (g_strdup (base_version != NULL ? base_version : "0"));
  if (*base == '\0' || !valid_token (base, ".-"))
    return fail (error, "VERSION", NULL, _("the catalog version “%s” is not valid"), base);
  self->version = g_strdup_printf ("%s+%.12s", base, g_checksum_get_string (checksum));
  self->finished = TRUE;
  return TRUE;
}

static GPtrArray *
list_json_files (const char  *dir,
                 GError     **error)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, error);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  if (d == NULL)
    return NULL;
  while ((name = g_dir_read_name (d)) != NULL)
    {
      if (g_str_has_suffix (name, ".json") && !g_str_equal (name, "schema.json"))
        g_ptr_array_add (names, g_strdup (name));
    }
  g_ptr_array_sort (names, (GCompareFunc) mamori_strcmp_indirect);
  return g_steal_pointer (&names);
}

static gboolean
load_files (MamoriCatalog  *self,
            const char     *dir,
            gboolean        questions,
            GError        **error)
{
  g_autoptr(GPtrArray) names = list_json_files (dir, error);

  if (names == NULL)
    return FALSE;
  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *path = g_build_filename (dir, names->pdata[i], NULL);
      g_autofree char *label = g_build_filename (questions ? "questions" : "catalog",
                                                 names->pdata[i], NULL);
      g_autofree char *data = NULL;
      gsize length;

      if (!g_file_get_contents (path, &data, &length, error))
        return FALSE;
      if (questions ? !mamori_catalog_add_questions_data (self, label, data, length, error)
                    : !mamori_catalog_add_document_data (self, label, data, length, error))
        return FALSE;
    }
  return TRUE;
}

MamoriCatalog *
mamori_catalog_load_dir (const char  *data_dir,
                         GError     **error)
{
  g_autoptr(MamoriCatalog) self = mamori_catalog_new ();
  g_autofree char *catalog_dir = g_build_filename (data_dir, "catalog", NULL);
  g_autofree char *questions_dir = g_build_filename (data_dir, "questions", NULL);
  g_autofree char *version_file = g_build_filename (catalog_dir, "VERSION", NULL);
  g_autofree char *version = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (data_dir != NULL, NULL);

  if (!g_file_get_contents (version_file, &version, NULL, &local_error))
    {
      g_set_error (error, MAMORI_ERROR, MAMORI_ERROR_DATA, _("Cannot read the catalog: %s"),
                   local_error->message);
      return NULL;
    }
  if (!load_files (self, questions_dir, TRUE, &local_error) ||
      !load_files (self, catalog_dir, FALSE, &local_error) ||
      !mamori_catalog_finish (self, version, &local_error))
    {
      if (local_error->domain == MAMORI_ERROR)
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        g_set_error (error, MAMORI_ERROR, MAMORI_ERROR_DATA, _("Cannot read the catalog: %s"),
                     local_error->message);
      return NULL;
    }
  return g_steal_pointer (&self);
}

MamoriCatalog *
mamori_catalog_load_default (GError **error)
{
  return mamori_catalog_load_dir (mamori_data_dir_get (), error);
}

/* ---- lookups --------------------------------------------------------------------------- */

const char *
mamori_catalog_get_version (MamoriCatalog *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->version;
}

GPtrArray *
mamori_catalog_list_documents (MamoriCatalog *self)
{
  GPtrArray *out;

  g_return_val_if_fail (self != NULL, NULL);
  out = g_ptr_array_new ();
  for (guint i = 0; i < self->documents->len; i++)
    g_ptr_array_add (out, self->documents->pdata[i]);
  return out;
}

GPtrArray *
mamori_catalog_list_questions (MamoriCatalog *self,
                               MamoriOrgKind  kind)
{
  GPtrArray *out;

  g_return_val_if_fail (self != NULL, NULL);
  out = g_ptr_array_new ();
  for (guint i = 0; i < self->questions->len; i++)
    {
      MamoriQuestion *q = self->questions->pdata[i];

      if (mamori_question_applies_to (q, kind))
        g_ptr_array_add (out, q);
    }
  return out;
}

GPtrArray *
mamori_catalog_list_all_questions (MamoriCatalog *self)
{
  GPtrArray *out;

  g_return_val_if_fail (self != NULL, NULL);
  out = g_ptr_array_new ();
  for (guint i = 0; i < self->questions->len; i++)
    g_ptr_array_add (out, self->questions->pdata[i]);
  return out;
}

const MamoriCatalogDocument *
mamori_catalog_lookup_document (MamoriCatalog *self,
                                const char    *document_id)
{
  g_return_val_if_fail (self != NULL, NULL);
  return g_hash_table_lookup (self->documents_by_id, document_id);
}

const MamoriCatalogItem *
mamori_catalog_lookup_item (MamoriCatalog *self,
                            const char    *item_id)
{
  g_return_val_if_fail (self != NULL, NULL);
  return g_hash_table_lookup (self->items_by_id, item_id);
}

const MamoriQuestion *
mamori_catalog_lookup_question (MamoriCatalog *self,
                                const char    *question_id)
{
  g_return_val_if_fail (self != NULL, NULL);
  return g_hash_table_lookup (self->questions_by_id, question_id);
}

/* ---- evidence and refs ----------------------------------------------------------------- */

gboolean
mamori_check_ref_matches (const char *ref,
                          const char *check_id,
                          const char *facet)
{
  const char *colon = strchr (ref, ':');

  if (colon == NULL)
    return g_str_equal (ref, check_id);
  return strncmp (ref, check_id, colon - ref) == 0 && check_id[colon - ref] == '\0' &&
         facet != NULL && g_str_equal (colon + 1, facet);
}

GStrv
mamori_catalog_refs_for_check (MamoriCatalog *self,
                               MamoriOrgKind  kind,
                               const char    *check_id,
                               const char    *facet)
{
  g_autoptr(GPtrArray) refs = g_ptr_array_new ();

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (check_id != NULL, NULL);

  for (guint i = 0; i < self->documents->len; i++)
    {
      MamoriCatalogDocument *doc = self->documents->pdata[i];

      for (guint j = 0; j < doc->items->len; j++)
        {
          MamoriCatalogItem *item = doc->items->pdata[j];

          if (!mamori_catalog_item_applies_to (item, kind))
            continue;
          for (guint k = 0; item->checks[k] != NULL; k++)
            {
              if (mamori_check_ref_matches (item->checks[k], check_id, facet))
                {
                  g_ptr_array_add (refs, g_strdup (item->id));
                  break;
                }
            }
        }
    }
  g_ptr_array_sort (refs, (GCompareFunc) mamori_strcmp_indirect);
  g_ptr_array_add (refs, NULL);
  return (GStrv) g_ptr_array_free (g_steal_pointer (&refs), FALSE);
}

void
mamori_catalog_fill_guideline_refs (MamoriCatalog *self,
                                    MamoriOrgKind  kind,
                                    GPtrArray     *findings)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (findings != NULL);

  for (guint i = 0; i < findings->len; i++)
    {
      MamoriFinding *finding = findings->pdata[i];
      g_auto(GStrv) refs = mamori_catalog_refs_for_check (self, kind,
                                                          mamori_finding_get_check_id (finding),
                                                          mamori_finding_get_facet (finding));

      mamori_finding_set_guideline_refs (finding, (const char * const *) refs);
    }
}

const char * const *
mamori_catalog_planned_check_ids (void)
{
  return planned_check_ids;
}

static char *
check_id_of_ref (const char *ref)
{
  const char *colon = strchr (ref, ':');

  return colon != NULL ? g_strndup (ref, colon - ref) : g_strdup (ref);
}

gboolean
mamori_catalog_validate_checks (MamoriCatalog      *self,
                                const char * const *registered_ids,
                                const char * const *planned_ids,
                                GError            **error)
{
  g_autoptr(GHashTable) named = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (registered_ids != NULL, FALSE);

  for (guint i = 0; i < self->documents->len; i++)
    {
      MamoriCatalogDocument *doc = self->documents->pdata[i];

      for (guint j = 0; j < doc->items->len; j++)
        {
          MamoriCatalogItem *item = doc->items->pdata[j];
          g_autofree char *where = g_strdup_printf (_("item “%s”"), item->id);

          for (guint k = 0; item->checks[k] != NULL; k++)
            {
              g_autofree char *id = check_id_of_ref (item->checks[k]);

              if (!g_strv_contains (registered_ids, id))
                {
                  if (!item->planned)
                    return fail (error, doc->file, where,
                                 _("names check “%s”, which does not exist (mark the item "
                                   "“planned” if the check is on its way)"), id);
                  if (planned_ids == NULL || !g_strv_contains (planned_ids, id))
                    return fail (error, doc->file, where,
                                 _("names check “%s”, which is neither registered nor "
                                   "planned"), id);
                  if (item->questions[0] == NULL)
                    return fail (error, doc->file, where,
                                 _("a planned item needs a question until its check "
                                   "exists"));
                }
              g_hash_table_add (named, g_steal_pointer (&id));
            }
        }
    }
  for (guint i = 0; registered_ids[i] != NULL; i++)
    {
      if (!g_hash_table_contains (named, registered_ids[i]))
        return fail (error, "catalog", NULL,
                     _("check “%s” is registered but no guideline item uses it"),
                     registered_ids[i]);
    }
  return TRUE;
}

/* ---- answers --------------------------------------------------------------------------- */

GHashTable *
mamori_answers_from_json (MamoriCatalog  *catalog,
                          JsonNode       *node,
                          GError        **error)
{
  g_autoptr(GHashTable) answers = mamori_answers_new ();
  JsonObjectIter iter;
  const char *qid;
  JsonNode *value;
  JsonObject *obj;

  g_return_val_if_fail (node != NULL, NULL);

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      set_input_error (error, _("Answers must be a JSON object of question id → answer"));
      return NULL;
    }
  obj = json_node_get_object (node);
  if (json_object_has_member (obj, "answers") &&
      JSON_NODE_HOLDS_OBJECT (json_object_get_member (obj, "answers")))
    obj = json_object_get_object_member (obj, "answers");

  json_object_iter_init (&iter, obj);
  while (json_object_iter_next (&iter, &qid, &value))
    {
      const MamoriQuestion *q = NULL;
      MamoriAnswer answer;

      if (catalog != NULL)
        {
          q = mamori_catalog_lookup_question (catalog, qid);
          if (q == NULL)
            {
              set_input_error (error, _("Unknown question “%s” in the answers"), qid);
              return NULL;
            }
        }
      else if (!valid_question_id (qid))
        {
          set_input_error (error, _("Unknown question “%s” in the answers"), qid);
          return NULL;
        }
      if (!JSON_NODE_HOLDS_VALUE (value) || json_node_get_value_type (value) != G_TYPE_STRING ||
          !mamori_answer_from_string (json_node_get_string (value), &answer))
        {
          set_input_error (error, _("The answer to “%s” must be one of yes, partly, no, "
                                    "not_applicable, unknown"), qid);
          return NULL;
        }
      if (q != NULL && !mamori_question_allows_answer (q, answer))
        {
          set_input_error (error, _("Question “%s” does not offer the answer “%s”"), qid,
                           mamori_answer_to_string (answer));
          return NULL;
        }
      mamori_answers_set (answers, qid, answer);
    }
  return g_steal_pointer (&answers);
}

GHashTable *
mamori_answers_from_data (MamoriCatalog  *catalog,
                          const char     *data,
                          gssize          length,
                          GError        **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (data != NULL, NULL);

  if (length < 0)
    length = strlen (data);
  if (length > MAX_FILE_SIZE || !g_utf8_validate (data, length, NULL))
    {
      set_input_error (error, _("The answers are not valid UTF-8 JSON"));
      return NULL;
    }
  if (!json_parser_load_from_data (parser, data, length, &local_error))
    {
      set_input_error (error, _("The answers are not valid JSON: %s"), local_error->message);
      return NULL;
    }
  if (json_parser_get_root (parser) == NULL)
    {
      set_input_error (error, _("Answers must be a JSON object of question id → answer"));
      return NULL;
    }
  return mamori_answers_from_json (catalog, json_parser_get_root (parser), error);
}

JsonNode *
mamori_answers_to_json (GHashTable *answers)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GPtrArray) keys = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer key;

  g_return_val_if_fail (answers != NULL, NULL);

  g_hash_table_iter_init (&iter, answers);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_ptr_array_add (keys, key);
  g_ptr_array_sort (keys, (GCompareFunc) mamori_strcmp_indirect);
  json_builder_begin_object (builder);
  for (guint i = 0; i < keys->len; i++)
    {
      json_builder_set_member_name (builder, keys->pdata[i]);
      json_builder_add_string_value (builder,
                                     mamori_answer_to_string (mamori_answers_get (answers,
                                                                                  keys->pdata[i])));
    }
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

/* ---- documents and items: accessors ---------------------------------------------------- */

const char *
mamori_catalog_document_get_id (const MamoriCatalogDocument *self)
{
  return self->id;
}

const char *
mamori_catalog_document_get_title (const MamoriCatalogDocument *self,
                                   const char                  *lang)
{
  return mamori_loc_text_pick (&self->title, lang);
}

const char *
mamori_catalog_document_get_publisher (const MamoriCatalogDocument *self)
{
  return self->publisher;
}

const char *
mamori_catalog_document_get_version (const MamoriCatalogDocument *self)
{
  return self->version;
}

const char *
mamori_catalog_document_get_date (const MamoriCatalogDocument *self)
{
  return self->date;
}

const char *
mamori_catalog_document_get_url (const MamoriCatalogDocument *self)
{
  return self->url;
}

const char *
mamori_catalog_document_get_edition_note (const MamoriCatalogDocument *self,
                                          const char                  *lang)
{
  return mamori_loc_text_pick (&self->edition_note, lang);
}

const char *
mamori_catalog_document_get_family (const MamoriCatalogDocument *self)
{
  return self->family;
}

gboolean
mamori_catalog_document_applies_to (const MamoriCatalogDocument *self,
                                    MamoriOrgKind                kind)
{
  return (self->applies_to & (1u << kind)) != 0;
}

GPtrArray *
mamori_catalog_document_get_items (const MamoriCatalogDocument *self)
{
  GPtrArray *out = g_ptr_array_new ();

  for (guint i = 0; i < self->items->len; i++)
    g_ptr_array_add (out, self->items->pdata[i]);
  return out;
}

const char *
mamori_catalog_item_get_id (const MamoriCatalogItem *self)
{
  return self->id;
}

const MamoriCatalogDocument *
mamori_catalog_item_get_document (const MamoriCatalogItem *self)
{
  return self->document;
}

const char *
mamori_catalog_item_get_title (const MamoriCatalogItem *self,
                               const char              *lang)
{
  return mamori_loc_text_pick (&self->title, lang);
}

const char *
mamori_catalog_item_get_priority (const MamoriCatalogItem *self)
{
  return self->priority;
}

guint
mamori_catalog_item_get_weight (const MamoriCatalogItem *self)
{
  return self->weight;
}

guint
mamori_catalog_item_get_effort (const MamoriCatalogItem *self)
{
  return self->effort;
}

gboolean
mamori_catalog_item_applies_to (const MamoriCatalogItem *self,
                                MamoriOrgKind            kind)
{
  return (self->applies_to & (1u << kind)) != 0;
}

gboolean
mamori_catalog_item_is_planned (const MamoriCatalogItem *self)
{
  return self->planned;
}

const char * const *
mamori_catalog_item_get_checks (const MamoriCatalogItem *self)
{
  return (const char * const *) self->checks;
}

const char * const *
mamori_catalog_item_get_questions (const MamoriCatalogItem *self)
{
  return (const char * const *) self->questions;
}

MamoriEvidenceCombine
mamori_catalog_item_get_combine (const MamoriCatalogItem *self)
{
  return self->combine;
}

const char *
mamori_catalog_item_get_evidence_key (const MamoriCatalogItem *self)
{
  return self->evidence_key;
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "mamori-dmarc-record.h"
#include "mamori-error.h"

#define MAX_RECORD_LEN 4096   /* longer than any TXT a resolver will hand back over UDP+TCP */

static void
uri_free (MamoriDmarcUri *uri)
{
  g_free (uri->scheme);
  g_free (uri->address);
  g_free (uri->domain);
  g_free (uri->size_limit);
  g_free (uri->raw);
  g_free (uri);
}

void
mamori_dmarc_record_free (MamoriDmarcRecord *record)
{
  if (record == NULL)
    return;
  g_free (record->fo);
  g_ptr_array_unref (record->rua);
  g_ptr_array_unref (record->ruf);
  g_ptr_array_unref (record->warnings);
  g_free (record);
}

const char *
mamori_dmarc_policy_to_string (MamoriDmarcPolicy policy)
{
  switch (policy)
    {
    case MAMORI_DMARC_POLICY_NONE:       return "none";
    case MAMORI_DMARC_POLICY_QUARANTINE: return "quarantine";
    case MAMORI_DMARC_POLICY_REJECT:     return "reject";
    case MAMORI_DMARC_POLICY_UNSET:
    default:                             return "";
    }
}

static gboolean
is_wsp (char c)
{
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

gboolean
mamori_dmarc_record_is_dmarc (const char *text,
                              gsize       len)
{
  gsize i = 0;

  /* "v" WSP* "=" WSP* "DMARC1", then end, WSP or ";" (RFC 7489 §6.4). The quoted "v" of the
   * ABNF is case-insensitive; the value DMARC1 is not. */
  while (i < len && is_wsp (text[i]))
    i++;
  if (i >= len || (text[i] != 'v' && text[i] != 'V'))
    return FALSE;
  i++;
  while (i < len && is_wsp (text[i]))
    i++;
  if (i >= len || text[i] != '=')
    return FALSE;
  i++;
  while (i < len && is_wsp (text[i]))
    i++;
  if (len - i < 6 || memcmp (text + i, "DMARC1", 6) != 0)
    return FALSE;
  i += 6;
  while (i < len && is_wsp (text[i]))
    i++;
  return i == len || text[i] == ';';
}

static gboolean
parse_policy (const char         *value,
              MamoriDmarcPolicy  *policy)
{
  if (g_ascii_strcasecmp (value, "none") == 0)
    *policy = MAMORI_DMARC_POLICY_NONE;
  else if (g_ascii_strcasecmp (value, "quarantine") == 0)
    *policy = MAMORI_DMARC_POLICY_QUARANTINE;
  else if (g_ascii_strcasecmp (value, "reject") == 0)
    *policy = MAMORI_DMARC_POLICY_REJECT;
  else
    return FALSE;
  return TRUE;
}

static gboolean
valid_local_part (const char *local)
{
  if (*local == '\0' || strlen (local) > 64)
    return FALSE;
  for (const char *p = local; *p; p++)
    {
      if ((guchar) *p <= 0x20 || (guchar) *p >= 0x7f || strchr ("\"(),:;<>@[\\]", *p) != NULL)
        return FALSE;
    }
  return TRUE;
}

static gboolean
valid_hostname (const char *host)
{
  g_auto(GStrv) labels = NULL;

  if (*host == '\0' || strlen (host) > 253)
    return FALSE;
  labels = g_strsplit (host, ".", -1);
  if (g_strv_length (labels) < 2)
    return FALSE;
  for (guint i = 0; labels[i] != NULL; i++)
    {
      gsize n = strlen (labels[i]);

      if (n == 0 || n > 63 || labels[i][0] == '-' || labels[i][n - 1] == '-')
        return FALSE;
      for (const char *p = labels[i]; *p; p++)
        {
          if (!g_ascii_isalnum (*p) && *p != '-')
            return FALSE;
        }
    }
  return TRUE;
}

/* One entry of rua= / ruf=: "mailto:addr[!size]" (RFC 7489 §6.2). */
static MamoriDmarcUri *
parse_uri (const char  *raw,
           const char  *tag,
           GError     **error)
{
  g_autofree char *text = g_strstrip (g_strdup (raw));
  MamoriDmarcUri *uri;
  char *colon, *bang, *at;

  colon = strchr (text, ':');
  if (colon == NULL || colon == text)
    {
      g_set_error (error, MAMORI_ERROR, MAMORI_ERROR_INVALID_INPUT,
                   _("%s: “%s” is not a URI (expected mailto:address)"), tag, text);
      return NULL;
    }

  uri = g_new0 (MamoriDmarcUri, 1);
  uri->raw = g_strdup (text);
  uri->scheme = g_ascii_strdown (text, colon - text);

  /* A "!" followed by digits and an optional unit limits the report size. */
  bang = strrchr (colon + 1, '!');
  if (bang != NULL)
    {
      const char *q = bang + 1;

      while (g_ascii_isdigit (*q))
        q++;
      if (q == bang + 1 || (*q != '\0' && (strchr ("kmgtKMGT", *q) == NULL || q[1] != '\0')))
        {
          g_set_error (error, MAMORI_ERROR, MAMORI_ERROR_INVALID_INPUT,
                       _("%s: the size limit in “%s” is malformed"), tag, text);
          uri_free (uri);
          return NULL;
        }
      uri->size_limit = g_strdup (bang);
      *bang = '\0';
    }

  if (g_strcmp0 (uri->scheme, "mailto") != 0)
    {
      /* Other schemes are syntactically allowed but nobody sends reports to them. */
      uri->address = g_strdup (colon + 1);
      return uri;
    }

  {
    g_autofree char *address = g_uri_unescape_string (colon + 1, NULL);

    if (address == NULL || !g_utf8_validate (address, -1, NULL))
      {
        g_set_error (error, MAMORI_ERROR, MAMORI_ERROR_INVALID_INPUT,
                     _("%s: “%s” is not a valid mail address"), tag, text);
        uri_free (uri);
        return NULL;
      }
    at = strrchr (address, '@');
    if (at == NULL)
      {
        g_set_error (error, MAMORI_ERROR, MAMORI_ERROR_INVALID_INPUT,
                     _("%s: “%s” has no @domain"), tag, text);
        uri_free (uri);
        return NULL;
      }
    *at = '\0';
    if (!valid_local_part (address) || !valid_hostname (at + 1))
      {
        *at = '@';
        g_set_error (error, MAMORI_ERROR, MAMORI_ERROR_INVALID_INPUT,
                     _("%s: “%s” is not a valid mail address"), tag, address);
        uri_free (uri);
        return NULL;
      }
    uri->domain = g_ascii_strdown (at + 1, -1);
    *at = '@';
    uri->address = g_strdup (address);
  }
  return uri;
}

static gboolean
parse_uri_list (const char  *value,
                const char  *tag,
                GPtrArray   *out,
                GError     **error)
{
  g_auto(GStrv) parts = g_strsplit (value, ",", -1);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      MamoriDmarcUri *uri = parse_uri (parts[i], tag, error);

      if (uri == NULL)
        return FALSE;
      g_ptr_array_add (out, uri);
    }
  return TRUE;
}

static void
add_warning (MamoriDmarcRecord *record,
             char              *message)
{
  g_ptr_array_add (record->warnings, message);
}

MamoriDmarcRecord *
mamori_dmarc_record_parse (const char  *text,
                           gsize        len,
                           GError     **error)
{
  g_autoptr(MamoriDmarcRecord) record = NULL;
  g_autofree char *copy = NULL;
  g_auto(GStrv) parts = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  gboolean have_p = FALSE;

  if (len > MAX_RECORD_LEN)
    {
      g_set_error (error, MAMORI_ERROR, MAMORI_ERROR_INVALID_INPUT,
                   _("The DMARC record is %zu bytes long; it cannot be a valid record"), len);
      return NULL;
    }
  if (memchr (text, '\0', len) != NULL || !g_utf8_validate (text, len, NULL))
    {
      g_set_error (error, MAMORI_ERROR, MAMORI_ERROR_INVALID_INPUT,
                   _("The DMARC record contains bytes that are not text"));
      return NULL;
    }
  if (!mamori_dmarc_record_is_dmarc (text, len))
    {
      g_set_error (error, MAMORI_ERROR, MAMORI_ERROR_INVALID_INPUT,
                   _("The record does not start with “v=DMARC1”"));
      return NULL;
    }

  record = g_new0 (MamoriDmarcRecord, 1);
  record->pct = 100;
  record->adkim = 'r';
  record->aspf = 'r';
  record->rua = g_ptr_array_new_with_free_func ((GDestroyNotify) uri_free);
  record->ruf = g_ptr_array_new_with_free_func ((GDestroyNotify) uri_free);
  record->warnings = g_ptr_array_new_with_free_func (g_free);

  copy = g_strndup (text, len);
  parts = g_strsplit (copy, ";", -1);

  for (guint i = 1; parts[i] != NULL; i++)   /* parts[0] is v=DMARC1 */
    {
      char *part = g_strstrip (parts[i]);
      char *eq;
      g_autofree char *tag = NULL;
      char *value;

      if (*part == '\0')
        continue;   /* a trailing or doubled ";" is allowed */
      eq = strchr (part, '=');
      if (eq == NULL)
        {
          g_set_error (error, MAMORI_ERROR, MAMORI_ERROR_INVALID_INPUT,
                       _("“%s” is not a tag=value pair"), part);
          return NULL;
        }
      *eq = '\0';
      tag = g_ascii_strdown (g_strstrip (part), -1);
      value = g_strstrip (eq + 1);

      if (*tag == '\0')
        {
          g_set_error (error, MAMORI_ERROR, MAMORI_ERROR_INVALID_INPUT,
                       _("A tag has no name before “=”"));
          return NULL;
        }
      if (g_hash_table_contains (seen, tag))
        {
          g_set_error (error, MAMORI_ERROR, MAMORI_ERROR_INVALID_INPUT,
                       _("The tag “%s” appears more than once"), tag);
          return NULL;
        }
      g_hash_table_add (seen, g_strdup (tag));

      if (strcmp (tag, "v") == 0)
        {
          g_set_error (error, MAMORI_ERROR, MAMORI_ERROR_INVALID_INPUT,
                       _("The tag “v” must appear only once, first"));
          return NULL;
        }
      else if (strcmp (tag, "p") == 0 || strcmp (tag, "sp") == 0 || strcmp (tag, "np") == 0)
        {
          MamoriDmarcPolicy policy;

          if (!parse_policy (value, &policy))
            {
              g_set_error (error, MAMORI_ERROR, MAMORI_ERROR_INVALID_INPUT,
                           _("%s=%s is not a policy (expected none, quarantine or reject)"),
                           tag, value);
              return NULL;
            }
          if (tag[0] == 'p')
            {
              record->p = policy;
              have_p = TRUE;
              if (i != 1)
                add_warning (record, g_strdup (_("The tag “p” should come right after "
                                                 "“v=DMARC1”")));
            }
          else if (tag[0] == 's')
            {
              record->sp = policy;
            }
          else
            {
              record->np = policy;
            }
        }
      else if (strcmp (tag, "pct") == 0)
        {
          guint64 pct;

          if (!g_ascii_string_to_unsigned (value, 10, 0, 100, &pct, NULL))
            {
              g_set_error (error, MAMORI_ERROR, MAMORI_ERROR_INVALID_INPUT,
                           _("pct=%s is not a whole number from 0 to 100"), value);
              return NULL;
            }
          record->pct = (int) pct;
          record->pct_set = TRUE;
        }
      else if (strcmp (tag, "adkim") == 0 || strcmp (tag, "aspf") == 0)
        {
          if (g_ascii_strcasecmp (value, "r") != 0 && g_ascii_strcasecmp (value, "s") != 0)
            {
              g_set_error (error, MAMORI_ERROR, MAMORI_ERROR_INVALID_INPUT,
                           _("%s=%s is not an alignment mode (expected r or s)"), tag, value);
              return NULL;
            }
          if (tag[1] == 'd')
            record->adkim = g_ascii_tolower (value[0]);
          else
            record->aspf = g_ascii_tolower (value[0]);
        }
      else if (strcmp (tag, "rua") == 0)
        {
          if (!parse_uri_list (value, "rua", record->rua, error))
            return NULL;
        }
      else if (strcmp (tag, "ruf") == 0)
        {
          if (!parse_uri_list (value, "ruf", record->ruf, error))
            return NULL;
        }
      else if (strcmp (tag, "fo") == 0)
        {
          g_auto(GStrv) options = g_strsplit (value, ":", -1);

          for (guint j = 0; options[j] != NULL; j++)
            {
              const char *o = g_strstrip (options[j]);

              if (strcmp (o, "0") != 0 && strcmp (o, "1") != 0 && g_ascii_strcasecmp (o, "d") != 0 &&
                  g_ascii_strcasecmp (o, "s") != 0)
                add_warning (record, g_strdup_printf (_("fo=%s contains an unknown option"), value));
            }
          record->fo = g_strdup (value);
        }
      else if (strcmp (tag, "ri") == 0)
        {
          guint64 ri;

          if (!g_ascii_string_to_unsigned (value, 10, 0, G_MAXUINT32, &ri, NULL))
            add_warning (record, g_strdup_printf (_("ri=%s is not a number of seconds"), value));
          else
            record->ri = (guint32) ri;
        }
      else if (strcmp (tag, "rf") == 0)
        {
          if (g_ascii_strcasecmp (value, "afrf") != 0)
            add_warning (record, g_strdup_printf (_("rf=%s is not a known report format"), value));
        }
      else if (strcmp (tag, "psd") == 0 || strcmp (tag, "t") == 0)
        {
          /* DMARCbis tags: accepted. */
        }
      else
        {
          /* RFC 7489 §6.3: unknown tags MUST be ignored; say so, since it is often a typo. */
          add_warning (record, g_strdup_printf (_("Unknown tag “%s” is ignored"), tag));
        }
    }

  if (!have_p)
    {
      /* §6.6.3: without p, a record with a valid rua is treated as p=none. */
      if (record->rua->len == 0)
        {
          g_set_error (error, MAMORI_ERROR, MAMORI_ERROR_INVALID_INPUT,
                       _("The record has no policy tag “p”"));
          return NULL;
        }
      record->p = MAMORI_DMARC_POLICY_NONE;
      add_warning (record, g_strdup (_("The record has no policy tag “p”; receivers treat it "
                                       "as p=none")));
    }

  return g_steal_pointer (&record);
}

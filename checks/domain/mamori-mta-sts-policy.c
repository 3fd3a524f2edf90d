/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "mamori-error.h"
#include "mamori-message.h"
#include "mamori-mta-sts-policy.h"

const char *
mamori_mta_sts_mode_to_string (MamoriMtaStsMode mode)
{
  switch (mode)
    {
    case MAMORI_MTA_STS_MODE_ENFORCE:
      return "enforce";
    case MAMORI_MTA_STS_MODE_TESTING:
      return "testing";
    case MAMORI_MTA_STS_MODE_NONE:
    default:
      return "none";
    }
}

static gboolean
is_wsp (char c)
{
  return c == ' ' || c == '\t';
}

static gboolean
is_alnum (char c)
{
  return g_ascii_isalnum (c);
}

gboolean
mamori_mta_sts_record_is_sts (const char *data,
                              gsize       len)
{
  /* "v=STSv1" then ";" or whitespace or the end (§3.1: the version is case-sensitive). */
  if (len < 7 || memcmp (data, "v=STSv1", 7) != 0)
    return FALSE;
  return len == 7 || data[7] == ';' || is_wsp (data[7]);
}

void
mamori_mta_sts_record_free (MamoriMtaStsRecord *record)
{
  if (record == NULL)
    return;
  g_free (record->id);
  g_ptr_array_unref (record->extensions);
  g_free (record);
}

gboolean
mamori_mta_sts_valid_ext_name (const char *name,
                               gsize       len)
{
  if (len == 0 || len > 32 || !is_alnum (name[0]))
    return FALSE;
  for (gsize i = 1; i < len; i++)
    {
      if (!is_alnum (name[i]) && name[i] != '_' && name[i] != '-' && name[i] != '.')
        return FALSE;
    }
  return TRUE;
}

MamoriMtaStsRecord *
mamori_mta_sts_record_parse (const char  *data,
                             gsize        len,
                             GError     **error)
{
  g_autoptr(MamoriMtaStsRecord) record = NULL;
  gsize pos;

  g_return_val_if_fail (data != NULL || len == 0, NULL);

  if (!mamori_mta_sts_record_is_sts (data, len))
    {
      g_set_error (error, MAMORI_ERROR, MAMORI_ERROR_PROTOCOL,
                   _("The record does not start with “v=STSv1”"));
      return NULL;
    }

  record = g_new0 (MamoriMtaStsRecord, 1);
  record->extensions = g_ptr_array_new_with_free_func (g_free);

  /* sts-text-record = sts-version 1*(*WSP ";" *WSP sts-field) [";"] (§3.1) */
  pos = 7;
  while (pos < len)
    {
      gsize start, name_end, value_start;

      while (pos < len && is_wsp (data[pos]))
        pos++;
      if (pos == len)
        break;
      if (data[pos] != ';')
        {
          g_autofree char *rest = mamori_message_quote_untrusted (data + pos, len - pos);
          g_set_error (error, MAMORI_ERROR, MAMORI_ERROR_PROTOCOL,
                       _("Expected “;” before “%s”"), rest);
          return NULL;
        }
      pos++;
      while (pos < len && is_wsp (data[pos]))
        pos++;
      if (pos == len)
        break;   /* a trailing ";" is allowed */

      start = pos;
      while (pos < len && data[pos] != '=' && data[pos] != ';' && !is_wsp (data[pos]))
        pos++;
      name_end = pos;
      if (pos == len || data[pos] != '=' ||
          !mamori_mta_sts_valid_ext_name (data + start, name_end - start))
        {
          g_autofree char *field = mamori_message_quote_untrusted (data + start, pos - start);
          g_set_error (error, MAMORI_ERROR, MAMORI_ERROR_PROTOCOL,
                       _("“%s” is not a name=value field"), field);
          return NULL;
        }
      pos++;
      value_start = pos;
      /* sts-ext-value = 1*(%x21-3A / %x3C / %x3E-7E) */
      while (pos < len && (guchar) data[pos] >= 0x21 && (guchar) data[pos] <= 0x7e &&
             data[pos] != ';' && data[pos] != '=')
        pos++;
      if (pos == value_start)
        {
          g_autofree char *field = mamori_message_quote_untrusted (data + start, name_end - start);
          g_set_error (error, MAMORI_ERROR, MAMORI_ERROR_PROTOCOL,
                       _("The field “%s” has no value"), field);
          return NULL;
        }
      if (pos < len && data[pos] != ';' && !is_wsp (data[pos]))
        {
          g_autofree char *field = mamori_message_quote_untrusted (data + start, name_end - start);
          g_set_error (error, MAMORI_ERROR, MAMORI_ERROR_PROTOCOL,
                       _("The value of “%s” contains a character that is not allowed"), field);
          return NULL;
        }

      if (name_end - start == 2 && memcmp (data + start, "id", 2) == 0)
        {
          gsize vlen = pos - value_start;

          if (record->id != NULL)
            {
              g_set_error (error, MAMORI_ERROR, MAMORI_ERROR_PROTOCOL,
                           _("The record has more than one id= field"));
              return NULL;
            }
          /* sts-id = "id=" 1*32(ALPHA / DIGIT) */
          for (gsize i = 0; i < vlen; i++)
            {
              if (!is_alnum (data[value_start + i]))
                vlen = 0;
            }
          if (vlen == 0 || vlen > 32)
            {
              g_autofree char *value = mamori_message_quote_untrusted (data + value_start, pos - value_start);
              g_set_error (error, MAMORI_ERROR, MAMORI_ERROR_PROTOCOL,
                           _("The id “%s” must be 1 to 32 letters and digits"), value);
              return NULL;
            }
          record->id = g_strndup (data + value_start, vlen);
        }
      else
        {
          g_ptr_array_add (record->extensions, g_strndup (data + start, pos - start));
        }
    }

  if (record->id == NULL)
    {
      g_set_error (error, MAMORI_ERROR, MAMORI_ERROR_PROTOCOL,
                   _("The record has no id= field"));
      return NULL;
    }
  return g_steal_pointer (&record);
}

void
mamori_mta_sts_policy_free (MamoriMtaStsPolicy *policy)
{
  if (policy == NULL)
    return;
  g_ptr_array_unref (policy->mx);
  g_ptr_array_unref (policy->warnings);
  g_free (policy);
}

/* A host name as in RFC 5321 "Domain": dot-separated LDH labels of 1–63 characters. */
static gboolean
valid_domain (const char *name)
{
  gsize label = 0;
  gsize total = strlen (name);

  if (total == 0 || total > 253)
    return FALSE;
  for (const char *p = name; ; p++)
    {
      if (*p == '.' || *p == '\0')
        {
          if (label == 0 || label > 63 || p[-1] == '-')
            return FALSE;
          if (*p == '\0')
            return TRUE;
          label = 0;
          continue;
        }
      if (!is_alnum (*p) && *p != '-')
        return FALSE;
      if (label == 0 && *p == '-')
        return FALSE;
      label++;
    }
}

static gboolean
parse_mx_pattern (const char  *value,
                  char       **out)
{
  g_autofree char *lower = g_ascii_strdown (value, -1);
  gsize len = strlen (lower);

  /* "mail.example.jp." is tolerated: a trailing dot means the same name. */
  if (len > 1 && lower[len - 1] == '.')
    lower[len - 1] = '\0';
  if (!valid_domain (g_str_has_prefix (lower, "*.") ? lower + 2 : lower))
    return FALSE;
  *out = g_steal_pointer (&lower);
  return TRUE;
}

MamoriMtaStsPolicy *
mamori_mta_sts_policy_parse (const char  *data,
                             gsize        len,
                             GError     **error)
{
  g_autoptr(MamoriMtaStsPolicy) policy = NULL;
  gboolean have_version = FALSE, have_mode = FALSE, have_max_age = FALSE;
  gsize pos = 0;
  guint line_no = 0;

  g_return_val_if_fail (data != NULL || len == 0, NULL);

  if (len > MAMORI_MTA_STS_POLICY_MAX_SIZE)
    {
      g_autofree char *size = g_strdup_printf ("%" G_GSIZE_FORMAT, len);

      g_set_error (error, MAMORI_ERROR, MAMORI_ERROR_PROTOCOL,
                   _("The policy is %s bytes long; at most %u are allowed"),
                   size, (guint) MAMORI_MTA_STS_POLICY_MAX_SIZE);
      return NULL;
    }
  if (memchr (data, '\0', len) != NULL || !g_utf8_validate (data, (gssize) len, NULL))
    {
      g_set_error (error, MAMORI_ERROR, MAMORI_ERROR_PROTOCOL,
                   _("The policy is not UTF-8 text"));
      return NULL;
    }

  policy = g_new0 (MamoriMtaStsPolicy, 1);
  policy->mx = g_ptr_array_new_with_free_func (g_free);
  policy->warnings = g_ptr_array_new_with_free_func (g_free);
  policy->max_age = -1;

  while (pos < len)
    {
      const char *line = data + pos;
      const char *nl = memchr (line, '\n', len - pos);
      gsize line_len = nl != NULL ? (gsize) (nl - line) : len - pos;
      const char *colon;
      g_autofree char *key = NULL;
      g_autofree char *value = NULL;

      pos += line_len + (nl != NULL ? 1 : 0);
      line_no++;
      /* Lines end in LF or CRLF (§3.2). */
      if (line_len > 0 && line[line_len - 1] == '\r')
        line_len--;
      if (line_len == 0)
        continue;   /* tolerated: a blank line, e.g. at the end */

      colon = memchr (line, ':', line_len);
      if (colon == NULL || colon == line)
        {
          g_set_error (error, MAMORI_ERROR, MAMORI_ERROR_PROTOCOL,
                       _("Line %u of the policy is not a “key: value” line"), line_no);
          return NULL;
        }
      key = g_strndup (line, colon - line);
      {
        const char *v = colon + 1;
        const char *end = line + line_len;

        while (v < end && is_wsp (*v))
          v++;
        while (end > v && is_wsp (end[-1]))
          end--;
        value = g_strndup (v, end - v);
      }
      if (!mamori_mta_sts_valid_ext_name (key, strlen (key)))
        {
          g_autofree char *shown = mamori_message_quote_untrusted (key, strlen (key));
          g_set_error (error, MAMORI_ERROR, MAMORI_ERROR_PROTOCOL,
                       _("Line %u of the policy has an invalid key “%s”"), line_no, shown);
          return NULL;
        }

      if (g_str_equal (key, "version"))
        {
          if (have_version)
            {
              g_ptr_array_add (policy->warnings,
                               g_strdup (_("“version” appears more than once; the first is used")));
              continue;
            }
          if (!g_str_equal (value, "STSv1"))
            {
              g_autofree char *shown = mamori_message_quote_untrusted (value, strlen (value));
              g_set_error (error, MAMORI_ERROR, MAMORI_ERROR_PROTOCOL,
                           _("The policy version is “%s”, not “STSv1”"), shown);
              return NULL;
            }
          have_version = TRUE;
        }
      else if (g_str_equal (key, "mode"))
        {
          if (have_mode)
            {
              g_ptr_array_add (policy->warnings,
                               g_strdup (_("“mode” appears more than once; the first is used")));
              continue;
            }
          if (g_str_equal (value, "enforce"))
            policy->mode = MAMORI_MTA_STS_MODE_ENFORCE;
          else if (g_str_equal (value, "testing"))
            policy->mode = MAMORI_MTA_STS_MODE_TESTING;
          else if (g_str_equal (value, "none"))
            policy->mode = MAMORI_MTA_STS_MODE_NONE;
          else
            {
              g_autofree char *shown = mamori_message_quote_untrusted (value, strlen (value));
              g_set_error (error, MAMORI_ERROR, MAMORI_ERROR_PROTOCOL,
                           _("The policy mode “%s” is not enforce, testing or none"), shown);
              return NULL;
            }
          have_mode = TRUE;
        }
      else if (g_str_equal (key, "max_age"))
        {
          guint64 age = 0;
          gsize vlen = strlen (value);
          gboolean digits = vlen > 0 && vlen <= 10;

          for (gsize i = 0; i < vlen; i++)
            {
              if (!g_ascii_isdigit (value[i]))
                digits = FALSE;
            }
          if (have_max_age)
            {
              g_ptr_array_add (policy->warnings,
                               g_strdup (_("“max_age” appears more than once; the first is used")));
              continue;
            }
          if (!digits ||
              !g_ascii_string_to_unsigned (value, 10, 0, MAMORI_MTA_STS_MAX_AGE_MAX, &age, NULL))
            {
              g_autofree char *shown = mamori_message_quote_untrusted (value, strlen (value));
              g_set_error (error, MAMORI_ERROR, MAMORI_ERROR_PROTOCOL,
                           _("max_age “%s” is not a number of seconds between 0 and %u"),
                           shown, (guint) MAMORI_MTA_STS_MAX_AGE_MAX);
              return NULL;
            }
          policy->max_age = (gint64) age;
          have_max_age = TRUE;
        }
      else if (g_str_equal (key, "mx"))
        {
          char *pattern = NULL;

          if (!parse_mx_pattern (value, &pattern))
            {
              g_autofree char *shown = mamori_message_quote_untrusted (value, strlen (value));
              g_set_error (error, MAMORI_ERROR, MAMORI_ERROR_PROTOCOL,
                           _("“%s” is not a mail server name or a pattern like "
                             "“*.example.jp”"), shown);
              return NULL;
            }
          g_ptr_array_add (policy->mx, pattern);
        }
      /* Other keys are extensions and are ignored (§3.2). */
    }

  if (!have_version)
    {
      g_set_error (error, MAMORI_ERROR, MAMORI_ERROR_PROTOCOL,
                   _("The policy has no “version: STSv1” line"));
      return NULL;
    }
  if (!have_mode)
    {
      g_set_error (error, MAMORI_ERROR, MAMORI_ERROR_PROTOCOL,
                   _("The policy has no “mode” line"));
      return NULL;
    }
  if (!have_max_age)
    {
      g_set_error (error, MAMORI_ERROR, MAMORI_ERROR_PROTOCOL,
                   _("The policy has no “max_age” line"));
      return NULL;
    }
  if (policy->mx->len == 0 && policy->mode != MAMORI_MTA_STS_MODE_NONE)
    {
      g_set_error (error, MAMORI_ERROR, MAMORI_ERROR_PROTOCOL,
                   _("The policy names no mail server (“mx”), which mode %s requires"),
                   mamori_mta_sts_mode_to_string (policy->mode));
      return NULL;
    }
  return g_steal_pointer (&policy);
}

gboolean
mamori_mta_sts_pattern_matches (const char *pattern,
                                const char *host)
{
  g_autofree char *h = NULL;
  g_autofree char *p = NULL;
  gsize hlen, plen;

  g_return_val_if_fail (pattern != NULL, FALSE);
  g_return_val_if_fail (host != NULL, FALSE);

  h = g_ascii_strdown (host, -1);
  p = g_ascii_strdown (pattern, -1);
  hlen = strlen (h);
  plen = strlen (p);
  if (hlen > 0 && h[hlen - 1] == '.')
    h[--hlen] = '\0';
  if (plen > 0 && p[plen - 1] == '.')
    p[--plen] = '\0';
  if (hlen == 0 || plen == 0)
    return FALSE;

  if (g_str_has_prefix (p, "*."))
    {
      /* §4.1: the wildcard stands for exactly one label, the leftmost:
       * "*.example.com" matches "mx1.example.com" but not "a.b.example.com" or
       * "example.com". */
      const char *dot = strchr (h, '.');

      if (dot == NULL || dot == h)
        return FALSE;
      return g_str_equal (dot + 1, p + 2);
    }
  return g_str_equal (h, p);
}

gboolean
mamori_mta_sts_policy_matches_mx (const MamoriMtaStsPolicy *policy,
                                  const char               *host)
{
  for (guint i = 0; i < policy->mx->len; i++)
    {
      if (mamori_mta_sts_pattern_matches (g_ptr_array_index (policy->mx, i), host))
        return TRUE;
    }
  return FALSE;
}

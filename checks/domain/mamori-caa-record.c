/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "mamori-caa-record.h"
#include "mamori-error.h"
#include "mamori-message.h"

static gboolean
is_wsp (char c)
{
  return c == ' ' || c == '\t';
}

void
mamori_caa_property_free (MamoriCaaProperty *property)
{
  if (property == NULL)
    return;
  g_free (property->tag);
  g_free (property->value);
  g_free (property->issuer);
  g_ptr_array_unref (property->parameters);
  g_free (property);
}

gboolean
mamori_caa_property_is_critical (const MamoriCaaProperty *property)
{
  return (property->flags & MAMORI_CAA_FLAG_CRITICAL) != 0;
}

/* label = (ALPHA / DIGIT) *( *("-") (ALPHA / DIGIT) ), also the shape of a parameter tag. */
static gsize
scan_label (const char *s,
            gsize       len)
{
  gsize i = 0, last_alnum = 0;

  if (len == 0 || !g_ascii_isalnum (s[0]))
    return 0;
  while (i < len && (g_ascii_isalnum (s[i]) || s[i] == '-'))
    {
      if (s[i] != '-')
        last_alnum = i + 1;
      i++;
    }
  return last_alnum;
}

/* issue-value = *WSP [issuer-domain-name *WSP] [";" *WSP [parameters *WSP]] (§4.2) */
static gboolean
parse_issue_value (MamoriCaaProperty  *property,
                   const char         *v,
                   gsize               len,
                   GError            **error)
{
  gsize pos = 0;

  while (pos < len && is_wsp (v[pos]))
    pos++;
  if (pos < len && v[pos] != ';')
    {
      gsize start = pos;

      for (;;)
        {
          gsize n = scan_label (v + pos, len - pos);

          if (n == 0)
            goto bad;
          pos += n;
          if (pos < len && v[pos] == '.')
            {
              pos++;
              continue;
            }
          break;
        }
      property->issuer = g_ascii_strdown (v + start, (gssize) (pos - start));
      while (pos < len && is_wsp (v[pos]))
        pos++;
    }
  if (pos == len)
    return TRUE;
  if (v[pos] != ';')
    goto bad;
  pos++;
  while (pos < len && is_wsp (v[pos]))
    pos++;

  /* parameters = parameter *(*WSP ";" *WSP parameter); parameter = tag *WSP "=" *WSP value */
  while (pos < len)
    {
      gsize tag_start = pos, tag_len, value_start;
      g_autofree char *tag = NULL;

      tag_len = scan_label (v + pos, len - pos);
      if (tag_len == 0)
        goto bad;
      tag = g_strndup (v + tag_start, tag_len);
      pos += tag_len;
      while (pos < len && is_wsp (v[pos]))
        pos++;
      if (pos == len || v[pos] != '=')
        goto bad;
      pos++;
      while (pos < len && is_wsp (v[pos]))
        pos++;
      value_start = pos;
      while (pos < len && (guchar) v[pos] >= 0x21 && (guchar) v[pos] <= 0x7e && v[pos] != ';')
        pos++;
      g_ptr_array_add (property->parameters,
                       g_strdup_printf ("%s=%.*s", tag, (int) (pos - value_start), v + value_start));
      while (pos < len && is_wsp (v[pos]))
        pos++;
      if (pos == len)
        break;
      if (v[pos] != ';')
        goto bad;
      pos++;
      while (pos < len && is_wsp (v[pos]))
        pos++;
      if (pos == len)
        goto bad;   /* a ";" must be followed by another parameter */
    }
  return TRUE;

bad:
  {
    g_autofree char *shown = mamori_message_quote_untrusted (v, len);
    g_set_error (error, MAMORI_ERROR, MAMORI_ERROR_PROTOCOL,
                 _("The %s value “%s” is not a CA domain name optionally followed by "
                   "“; key=value” parameters"), property->tag, shown);
  }
  return FALSE;
}

MamoriCaaProperty *
mamori_caa_property_parse (guint8         flags,
                           const guint8  *tag,
                           gsize          tag_len,
                           const guint8  *value,
                           gsize          value_len,
                           GError       **error)
{
  g_autoptr(MamoriCaaProperty) property = NULL;

  g_return_val_if_fail (tag != NULL || tag_len == 0, NULL);
  g_return_val_if_fail (value != NULL || value_len == 0, NULL);

  /* Tag: 1–15 ASCII letters and digits (§4.1). */
  if (tag_len == 0 || tag_len > 15)
    goto bad_tag;
  for (gsize i = 0; i < tag_len; i++)
    {
      if (!g_ascii_isalnum (tag[i]))
        goto bad_tag;
    }

  property = g_new0 (MamoriCaaProperty, 1);
  property->flags = flags;
  property->tag = g_strndup ((const char *) tag, tag_len);
  property->value = mamori_message_quote_untrusted ((const char *) value, value_len);
  property->parameters = g_ptr_array_new_with_free_func (g_free);

  /* Tags are matched case-insensitively (§4.1). */
  if (g_ascii_strcasecmp (property->tag, "issue") == 0)
    property->kind = MAMORI_CAA_TAG_ISSUE;
  else if (g_ascii_strcasecmp (property->tag, "issuewild") == 0)
    property->kind = MAMORI_CAA_TAG_ISSUEWILD;
  else if (g_ascii_strcasecmp (property->tag, "iodef") == 0)
    property->kind = MAMORI_CAA_TAG_IODEF;
  else
    property->kind = MAMORI_CAA_TAG_OTHER;

  switch (property->kind)
    {
    case MAMORI_CAA_TAG_ISSUE:
    case MAMORI_CAA_TAG_ISSUEWILD:
      if (memchr (value, '\0', value_len) != NULL ||
          !parse_issue_value (property, (const char *) value, value_len, error))
        {
          if (error != NULL && *error == NULL)
            g_set_error (error, MAMORI_ERROR, MAMORI_ERROR_PROTOCOL,
                         _("The %s value contains a NUL byte"), property->tag);
          return NULL;
        }
      break;
    case MAMORI_CAA_TAG_IODEF:
      {
        g_autofree char *url = g_strndup ((const char *) value, value_len);
        g_autoptr(GUri) uri = NULL;

        if (strlen (url) == value_len)
          uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
        if (uri == NULL ||
            (g_strcmp0 (g_uri_get_scheme (uri), "mailto") != 0 &&
             g_strcmp0 (g_uri_get_scheme (uri), "http") != 0 &&
             g_strcmp0 (g_uri_get_scheme (uri), "https") != 0))
          {
            g_set_error (error, MAMORI_ERROR, MAMORI_ERROR_PROTOCOL,
                         _("The iodef value “%s” is not a mailto:, http: or https: URL"),
                         property->value);
            return NULL;
          }
      }
      break;
    case MAMORI_CAA_TAG_OTHER:
    default:
      break;
    }
  return g_steal_pointer (&property);

bad_tag:
  {
    g_autofree char *shown = mamori_message_quote_untrusted ((const char *) tag, tag_len);
    g_set_error (error, MAMORI_ERROR, MAMORI_ERROR_PROTOCOL,
                 _("The CAA tag “%s” is not 1 to 15 letters and digits"), shown);
  }
  return NULL;
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "mamori-error.h"
#include "mamori-message.h"
#include "mamori-mta-sts-policy.h"
#include "mamori-tls-rpt-record.h"

#define VERSION_TAG "v=TLSRPTv1"

static gboolean
is_wsp (char c)
{
  return c == ' ' || c == '\t';
}

gboolean
mamori_tls_rpt_record_is_tlsrpt (const char *data,
                                 gsize       len)
{
  gsize n = strlen (VERSION_TAG);

  if (len < n || memcmp (data, VERSION_TAG, n) != 0)
    return FALSE;
  return len == n || data[n] == ';' || is_wsp (data[n]);
}

void
mamori_tls_rpt_record_free (MamoriTlsRptRecord *record)
{
  if (record == NULL)
    return;
  g_ptr_array_unref (record->rua);
  g_ptr_array_unref (record->extensions);
  g_free (record);
}

/* A report destination: mailto:local@domain or https://host/… (§3). */
static gboolean
valid_uri (const char *uri)
{
  if (g_str_has_prefix (uri, "mailto:"))
    {
      const char *at = strchr (uri + 7, '@');

      return at != NULL && at > uri + 7 && at[1] != '\0' && strchr (at + 1, '@') == NULL;
    }
  if (g_ascii_strncasecmp (uri, "https://", 8) == 0)
    {
      g_autoptr(GUri) parsed = g_uri_parse (uri, G_URI_FLAGS_NONE, NULL);

      return parsed != NULL && g_uri_get_host (parsed) != NULL && *g_uri_get_host (parsed) != '\0';
    }
  return FALSE;
}

MamoriTlsRptRecord *
mamori_tls_rpt_record_parse (const char  *data,
                             gsize        len,
                             GError     **error)
{
  g_autoptr(MamoriTlsRptRecord) record = NULL;
  gboolean have_rua = FALSE;
  gsize pos;

  g_return_val_if_fail (data != NULL || len == 0, NULL);

  if (!mamori_tls_rpt_record_is_tlsrpt (data, len))
    {
      g_set_error (error, MAMORI_ERROR, MAMORI_ERROR_PROTOCOL,
                   _("The record does not start with “v=TLSRPTv1”"));
      return NULL;
    }

  record = g_new0 (MamoriTlsRptRecord, 1);
  record->rua = g_ptr_array_new_with_free_func (g_free);
  record->extensions = g_ptr_array_new_with_free_func (g_free);

  pos = strlen (VERSION_TAG);
  while (pos < len)
    {
      gsize start, name_end, value_start, value_end;

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
        break;

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
      while (pos < len && data[pos] != ';')
        pos++;
      value_end = pos;
      while (value_end > value_start && is_wsp (data[value_end - 1]))
        value_end--;
      if (value_end == value_start)
        {
          g_autofree char *field = mamori_message_quote_untrusted (data + start, name_end - start);
          g_set_error (error, MAMORI_ERROR, MAMORI_ERROR_PROTOCOL,
                       _("The field “%s” has no value"), field);
          return NULL;
        }

      if (name_end - start == 3 && memcmp (data + start, "rua", 3) == 0)
        {
          g_autofree char *value = g_strndup (data + value_start, value_end - value_start);
          g_auto(GStrv) uris = NULL;

          if (have_rua)
            {
              g_set_error (error, MAMORI_ERROR, MAMORI_ERROR_PROTOCOL,
                           _("The record has more than one rua= field"));
              return NULL;
            }
          have_rua = TRUE;
          if (strlen (value) != value_end - value_start)
            {
              g_set_error (error, MAMORI_ERROR, MAMORI_ERROR_PROTOCOL,
                           _("The rua= field contains a NUL byte"));
              return NULL;
            }
          uris = g_strsplit (value, ",", -1);
          for (guint i = 0; uris[i] != NULL; i++)
            {
              char *uri = g_strstrip (uris[i]);

              if (!valid_uri (uri))
                {
                  g_autofree char *shown = mamori_message_quote_untrusted (uri, strlen (uri));
                  g_set_error (error, MAMORI_ERROR, MAMORI_ERROR_PROTOCOL,
                               _("“%s” is not a mailto: or https: report address"), shown);
                  return NULL;
                }
              g_ptr_array_add (record->rua, g_strdup (uri));
            }
        }
      else
        {
          /* tlsrpt-ext-value = 1*(%x21-3A / %x3C / %x3E-7E) */
          for (gsize i = value_start; i < value_end; i++)
            {
              if ((guchar) data[i] < 0x21 || (guchar) data[i] > 0x7e || data[i] == '=')
                {
                  g_autofree char *field = mamori_message_quote_untrusted (data + start, name_end - start);
                  g_set_error (error, MAMORI_ERROR, MAMORI_ERROR_PROTOCOL,
                               _("The value of “%s” contains a character that is not allowed"),
                               field);
                  return NULL;
                }
            }
          g_ptr_array_add (record->extensions, g_strndup (data + start, value_end - start));
        }
    }

  if (!have_rua)
    {
      g_set_error (error, MAMORI_ERROR, MAMORI_ERROR_PROTOCOL,
                   _("The record has no rua= field (where reports should go)"));
      return NULL;
    }
  return g_steal_pointer (&record);
}

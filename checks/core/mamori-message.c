/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "mamori-message.h"

/*
 * Message ids use positional placeholders "{0}", "{1}" … rather than printf
 * conversions: parameters come from the network (records, banners), and a
 * translation may reorder them. "{{" is a literal brace.
 */
char *
mamori_message_render (const char         *msgid,
                       const char * const *params)
{
  GString *out;
  const char *p;
  guint n_params;

  if (msgid == NULL || *msgid == '\0')
    return g_strdup ("");

  n_params = params != NULL ? g_strv_length ((char **) params) : 0;
  out = g_string_new (NULL);

  for (p = g_dgettext (GETTEXT_PACKAGE, msgid); *p != '\0'; p++)
    {
      if (p[0] == '{' && p[1] == '{')
        {
          g_string_append_c (out, '{');
          p++;
          continue;
        }
      if (p[0] == '{' && g_ascii_isdigit (p[1]))
        {
          const char *q = p + 1;
          guint idx = 0;

          while (g_ascii_isdigit (*q) && idx < 1000)
            idx = idx * 10 + (guint) (*q++ - '0');
          if (*q == '}')
            {
              if (idx < n_params)
                g_string_append (out, params[idx]);
              p = q;
              continue;
            }
        }
      g_string_append_c (out, *p);
    }

  return g_string_free (out, FALSE);
}

char *
mamori_message_text_from_bytes (GBytes *bytes)
{
  gsize len = 0;
  const char *data = bytes != NULL ? g_bytes_get_data (bytes, &len) : NULL;

  /* An empty TXT string gives an empty GBytes, whose data may be NULL. */
  if (data == NULL || len == 0)
    return g_strdup ("");
  return g_utf8_make_valid (data, (gssize) MIN (len, 4096));
}

char *
mamori_message_quote_untrusted (const char *data,
                                gsize       len)
{
  char *valid = g_utf8_make_valid (data, (gssize) MIN (len, 200));

  for (char *p = valid; *p != '\0'; p++)
    {
      if ((guchar) *p < 0x20 || *p == 0x7f)
        *p = '?';
    }
  return valid;
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <idn2.h>
#include <libpsl.h>

#include "mamori-domain-name.h"
#include "mamori-error.h"

static gboolean
is_ascii (const char *s)
{
  for (; *s; s++)
    {
      if ((guchar) *s >= 0x80)
        return FALSE;
    }
  return TRUE;
}

char *
mamori_domain_name_normalize (const char  *input,
                              GError     **error)
{
  g_autofree char *trimmed = NULL;
  g_autofree char *ascii = NULL;
  g_auto(GStrv) labels = NULL;
  gsize len;

  g_return_val_if_fail (input != NULL, NULL);

  if (!g_utf8_validate (input, -1, NULL))
    {
      g_set_error (error, MAMORI_ERROR, MAMORI_ERROR_INVALID_INPUT,
                   _("The domain name is not valid UTF-8 text"));
      return NULL;
    }

  trimmed = g_strstrip (g_strdup (input));
  len = strlen (trimmed);
  if (len > 0 && trimmed[len - 1] == '.')
    trimmed[--len] = '\0';
  if (len == 0)
    {
      g_set_error (error, MAMORI_ERROR, MAMORI_ERROR_INVALID_INPUT,
                   _("The domain name is empty"));
      return NULL;
    }

  if (is_ascii (trimmed))
    {
      char *unicode = NULL;
      int rc;

      ascii = g_ascii_strdown (trimmed, -1);
      /* A-labels typed in ASCII must decode, or the name exists nowhere (RFC 5891 §5.4). */
      if (strstr (ascii, "xn--") != NULL &&
          (rc = idn2_to_unicode_8z8z (ascii, &unicode, 0)) != IDN2_OK)
        {
          g_set_error (error, MAMORI_ERROR, MAMORI_ERROR_INVALID_INPUT,
                       _("“%s” is not a valid internationalised domain name: %s"),
                       ascii, idn2_strerror (rc));
          return NULL;
        }
      idn2_free (unicode);
    }
  else
    {
      char *out = NULL;
      int rc = idn2_to_ascii_8z (trimmed, &out, IDN2_NFC_INPUT | IDN2_NONTRANSITIONAL);

      if (rc != IDN2_OK)
        {
          g_set_error (error, MAMORI_ERROR, MAMORI_ERROR_INVALID_INPUT,
                       _("“%s” is not a valid internationalised domain name: %s"),
                       trimmed, idn2_strerror (rc));
          return NULL;
        }
      ascii = g_ascii_strdown (out, -1);
      idn2_free (out);
    }

  if (strlen (ascii) > 253)
    {
      g_set_error (error, MAMORI_ERROR, MAMORI_ERROR_INVALID_INPUT,
                   _("The domain name “%.40s…” is longer than 253 characters"), ascii);
      return NULL;
    }

  labels = g_strsplit (ascii, ".", -1);
  if (g_strv_length (labels) < 2)
    {
      g_set_error (error, MAMORI_ERROR, MAMORI_ERROR_INVALID_INPUT,
                   _("“%s” is not a full domain name (expected something like example.jp)"),
                   ascii);
      return NULL;
    }
  for (guint i = 0; labels[i] != NULL; i++)
    {
      const char *label = labels[i];
      gsize label_len = strlen (label);

      if (label_len == 0)
        {
          g_set_error (error, MAMORI_ERROR, MAMORI_ERROR_INVALID_INPUT,
                       _("The domain name “%s” has an empty label (two dots in a row)"), ascii);
          return NULL;
        }
      if (label_len > 63)
        {
          g_set_error (error, MAMORI_ERROR, MAMORI_ERROR_INVALID_INPUT,
                       _("A label of “%s” is longer than 63 characters"), ascii);
          return NULL;
        }
      if (label[0] == '-' || label[label_len - 1] == '-')
        {
          g_set_error (error, MAMORI_ERROR, MAMORI_ERROR_INVALID_INPUT,
                       _("The label “%s” starts or ends with a hyphen"), label);
          return NULL;
        }
      for (const char *p = label; *p; p++)
        {
          if (!g_ascii_isalnum (*p) && *p != '-')
            {
              g_set_error (error, MAMORI_ERROR, MAMORI_ERROR_INVALID_INPUT,
                           _("The domain name “%s” contains the character “%c”, which is not "
                             "allowed in host names"), ascii, *p);
              return NULL;
            }
        }
    }

  return g_steal_pointer (&ascii);
}

static const psl_ctx_t *
get_psl (void)
{
  static gsize psl;

  if (g_once_init_enter (&psl))
    {
      /* The newer of the built-in list and the system's publicsuffix package. */
      const psl_ctx_t *ctx = psl_latest (NULL);

      if (ctx == NULL)
        ctx = psl_builtin ();
      g_once_init_leave (&psl, (gsize) ctx);
    }
  return (const psl_ctx_t *) psl;
}

char *
mamori_domain_name_organizational (const char *domain)
{
  const psl_ctx_t *ctx = get_psl ();
  const char *registrable;

  if (ctx == NULL)
    return g_strdup (domain);
  registrable = psl_registrable_domain (ctx, domain);
  return g_strdup (registrable != NULL ? registrable : domain);
}

char *
mamori_domain_name_to_unicode (const char *domain)
{
  char *out = NULL;
  char *result;

  if (idn2_to_unicode_8z8z (domain, &out, 0) != IDN2_OK || out == NULL)
    return g_strdup (domain);
  result = g_strdup (out);
  idn2_free (out);
  return result;
}

gboolean
mamori_domain_name_is_subdomain_of (const char *name,
                                    const char *parent)
{
  gsize n = strlen (name), p = strlen (parent);

  if (g_ascii_strcasecmp (name, parent) == 0)
    return TRUE;
  return n > p + 1 && name[n - p - 1] == '.' && g_ascii_strcasecmp (name + n - p, parent) == 0;
}

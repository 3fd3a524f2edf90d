/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <arpa/inet.h>
#include <glib/gi18n-lib.h>
#include <string.h>

#include "mamori-error.h"
#include "mamori-spf-record.h"

/* A TXT answer is at most 64 KiB, but no usable SPF record comes close to 4 KiB and every
 * receiver truncates or rejects long ones; the limits keep hostile input cheap. */
#define MAX_RECORD_LEN 4096
#define MAX_TERMS      MAMORI_SPF_RECORD_MAX_TERMS
#define MAX_DIGITS     3     /* %{d128}: transformers above 128 parts mean nothing */

static void
term_free (MamoriSpfTerm *term)
{
  g_free (term->raw);
  g_free (term->name);
  g_free (term->domain_spec);
  g_free (term->value);
  g_free (term);
}

void
mamori_spf_record_free (MamoriSpfRecord *record)
{
  if (record == NULL)
    return;
  g_ptr_array_unref (record->terms);
  g_ptr_array_unref (record->warnings);
  g_free (record);
}

const char *
mamori_spf_qualifier_to_string (MamoriSpfQualifier qualifier)
{
  switch (qualifier)
    {
    case MAMORI_SPF_QUALIFIER_FAIL:     return "-";
    case MAMORI_SPF_QUALIFIER_SOFTFAIL: return "~";
    case MAMORI_SPF_QUALIFIER_NEUTRAL:  return "?";
    case MAMORI_SPF_QUALIFIER_PASS:
    default:                            return "+";
    }
}

gboolean
mamori_spf_record_is_spf (const char *text,
                          gsize       len)
{
  /* ABNF literals are case-insensitive; no leading space is allowed (§4.5). */
  if (text == NULL || len < 6 || g_ascii_strncasecmp (text, "v=spf1", 6) != 0)
    return FALSE;
  return len == 6 || text[6] == ' ';
}

/* For messages: the term with anything unprintable escaped, always valid UTF-8. */
static char *
printable (const char *text,
           gsize       len)
{
  GString *out = g_string_sized_new (len);

  for (gsize i = 0; i < len && i < 200; i++)
    {
      guchar c = (guchar) text[i];

      if (c >= 0x20 && c < 0x7f)
        g_string_append_c (out, (char) c);
      else
        g_string_append_printf (out, "\\x%02x", c);
    }
  if (len > 200)
    g_string_append (out, "…");
  return g_string_free (out, FALSE);
}

static gboolean
is_macro_letter (char     c,
                 gboolean exp_text)
{
  /* strchr finds the terminating NUL too: a record ending in "%{" must not match. */
  if (c == '\0')
    return FALSE;
  c = g_ascii_tolower (c);
  if (strchr ("slodiphv", c) != NULL)
    return TRUE;
  return exp_text && strchr ("crt", c) != NULL;
}

gboolean
mamori_spf_macro_string_validate (const char  *text,
                                  gboolean     exp_text,
                                  GError     **error)
{
  const char *p = text;

  while (*p != '\0')
    {
      guchar c = (guchar) *p;

      if (c == '%')
        {
          if (p[1] == '%' || p[1] == '_' || p[1] == '-')
            {
              p += 2;
              continue;
            }
          if (p[1] != '{')
            {
              g_set_error (error, MAMORI_ERROR, MAMORI_ERROR_INVALID_INPUT,
                           _("“%%” must be followed by “{”, “%%”, “_” or “-”"));
              return FALSE;
            }
          p += 2;
          if (!is_macro_letter (*p, exp_text))
            {
              g_autofree char *shown = printable (p, *p != '\0' ? 1 : 0);
              g_set_error (error, MAMORI_ERROR, MAMORI_ERROR_INVALID_INPUT,
                           _("“%s” is not a macro letter here"), shown);
              return FALSE;
            }
          p++;
          {
            int digits = 0;

            while (g_ascii_isdigit (*p))
              {
                p++;
                if (++digits > MAX_DIGITS)
                  {
                    g_set_error (error, MAMORI_ERROR, MAMORI_ERROR_INVALID_INPUT,
                                 _("A macro has a transformer number that is too long"));
                    return FALSE;
                  }
              }
          }
          if (*p == 'r' || *p == 'R')
            p++;
          while (*p != '\0' && strchr (".-+,/_=", *p) != NULL)
            p++;
          if (*p != '}')
            {
              g_set_error (error, MAMORI_ERROR, MAMORI_ERROR_INVALID_INPUT,
                           _("A macro “%%{…}” is not closed correctly"));
              return FALSE;
            }
          p++;
          continue;
        }
      /* macro-literal = %x21-24 / %x26-7E (§7.1) */
      if (c < 0x21 || c > 0x7e)
        {
          g_autofree char *shown = printable (p, 1);
          g_set_error (error, MAMORI_ERROR, MAMORI_ERROR_INVALID_INPUT,
                       _("The character “%s” is not allowed"), shown);
          return FALSE;
        }
      p++;
    }
  return TRUE;
}

/* domain-end = ( "." toplabel [ "." ] ) / macro-expand (§7.1). */
static gboolean
valid_domain_end (const char *spec)
{
  gsize len = strlen (spec);
  const char *label;
  gsize label_len;
  gboolean has_alpha = FALSE;

  if (len >= 1 && spec[len - 1] == '}')
    return TRUE;
  if (len >= 2 && spec[len - 2] == '%' && strchr ("%_-", spec[len - 1]) != NULL)
    {
      /* "%%" at the end could be the second half of "%%%", which is literal; count. */
      gsize n = 0;

      while (n < len && spec[len - 1 - n] == '%')
        n++;
      if (spec[len - 1] != '%' || n % 2 == 0)
        return TRUE;
    }
  if (len > 0 && spec[len - 1] == '.')
    len--;
  label = NULL;
  for (gsize i = len; i > 0; i--)
    {
      if (spec[i - 1] == '.')
        {
          label = spec + i;
          break;
        }
    }
  if (label == NULL)
    return FALSE;
  label_len = (gsize) (spec + len - label);
  if (label_len == 0 || label_len > 63)
    return FALSE;
  /* toplabel = ( *alphanum ALPHA *alphanum ) / ( 1*alphanum "-" *( alphanum / "-" ) alphanum ) */
  if (!g_ascii_isalnum (label[0]) || !g_ascii_isalnum (label[label_len - 1]))
    return FALSE;
  for (gsize i = 0; i < label_len; i++)
    {
      if (g_ascii_isalpha (label[i]))
        has_alpha = TRUE;
      else if (!g_ascii_isdigit (label[i]) && label[i] != '-')
        return FALSE;
      if (label[i] == '-')
        has_alpha = TRUE;   /* the second form needs no letter */
    }
  return has_alpha;
}

static gboolean
parse_domain_spec (MamoriSpfTerm  *term,
                   const char     *spec,
                   gboolean        exp_text,
                   GError        **error)
{
  g_autoptr(GError) local_error = NULL;

  if (*spec == '\0')
    {
      g_set_error (error, MAMORI_ERROR, MAMORI_ERROR_INVALID_INPUT,
                   _("“%s” has an empty domain name"), term->raw);
      return FALSE;
    }
  if (!mamori_spf_macro_string_validate (spec, exp_text, &local_error))
    {
      g_set_error (error, MAMORI_ERROR, MAMORI_ERROR_INVALID_INPUT,
                   _("“%s”: %s"), term->raw, local_error->message);
      return FALSE;
    }
  if (!valid_domain_end (spec))
    {
      g_set_error (error, MAMORI_ERROR, MAMORI_ERROR_INVALID_INPUT,
                   _("“%s”: “%s” is not a complete domain name"), term->raw, spec);
      return FALSE;
    }
  term->domain_spec = g_strdup (spec);
  term->has_macros = strchr (spec, '%') != NULL;
  return TRUE;
}

/* "/" ("0" / %x31-39 0*n DIGIT) with a maximum; *p points at the "/". */
static gboolean
parse_cidr (const char **p,
            int          max,
            int         *out)
{
  const char *q = *p + 1;
  int value = 0, digits = 0;

  if (*q == '0')
    {
      if (g_ascii_isdigit (q[1]))
        return FALSE;
      *out = 0;
      *p = q + 1;
      return TRUE;
    }
  while (g_ascii_isdigit (*q) && digits < 4)
    {
      value = value * 10 + (*q - '0');
      q++;
      digits++;
    }
  if (digits == 0 || g_ascii_isdigit (*q) || value > max)
    return FALSE;
  *out = value;
  *p = q;
  return TRUE;
}

/* ip4-network = qnum "." qnum "." qnum "." qnum, no leading zeros (§5.6). */
static gboolean
valid_ip4 (const char *text)
{
  const char *p = text;

  for (int part = 0; part < 4; part++)
    {
      int value = 0, digits = 0;

      if (!g_ascii_isdigit (*p))
        return FALSE;
      if (*p == '0' && g_ascii_isdigit (p[1]))
        return FALSE;
      while (g_ascii_isdigit (*p) && digits < 4)
        {
          value = value * 10 + (*p - '0');
          p++;
          digits++;
        }
      if (value > 255)
        return FALSE;
      if (part < 3)
        {
          if (*p != '.')
            return FALSE;
          p++;
        }
    }
  return *p == '\0';
}

static gboolean
valid_ip6 (const char *text)
{
  struct in6_addr addr;

  if (strlen (text) > 45 || strspn (text, "0123456789abcdefABCDEF:.") != strlen (text))
    return FALSE;
  return inet_pton (AF_INET6, text, &addr) == 1;
}

static MamoriSpfTerm *
parse_modifier (const char  *raw,
                gsize        name_len,
                GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  MamoriSpfTerm *term = g_new0 (MamoriSpfTerm, 1);
  const char *value = raw + name_len + 1;

  term->raw = g_strdup (raw);
  term->name = g_ascii_strdown (raw, (gssize) name_len);
  term->cidr4 = term->cidr6 = -1;

  if (strcmp (term->name, "redirect") == 0 || strcmp (term->name, "exp") == 0)
    {
      term->kind = term->name[0] == 'r' ? MAMORI_SPF_TERM_REDIRECT : MAMORI_SPF_TERM_EXP;
      if (!parse_domain_spec (term, value, FALSE, error))
        {
          term_free (term);
          return NULL;
        }
      return term;
    }

  term->kind = MAMORI_SPF_TERM_UNKNOWN_MODIFIER;
  if (!mamori_spf_macro_string_validate (value, FALSE, &local_error))
    {
      g_set_error (error, MAMORI_ERROR, MAMORI_ERROR_INVALID_INPUT, _("“%s”: %s"), raw,
                   local_error->message);
      term_free (term);
      return NULL;
    }
  term->value = g_strdup (value);
  return term;
}

static const struct {
  const char        *name;
  MamoriSpfTermKind  kind;
} mechanisms[] = {
  { "all", MAMORI_SPF_TERM_ALL },
  { "include", MAMORI_SPF_TERM_INCLUDE },
  { "a", MAMORI_SPF_TERM_A },
  { "mx", MAMORI_SPF_TERM_MX },
  { "ptr", MAMORI_SPF_TERM_PTR },
  { "ip4", MAMORI_SPF_TERM_IP4 },
  { "ip6", MAMORI_SPF_TERM_IP6 },
  { "exists", MAMORI_SPF_TERM_EXISTS },
};

static MamoriSpfTerm *
parse_mechanism (const char  *raw,
                 GError     **error)
{
  MamoriSpfTerm *term = g_new0 (MamoriSpfTerm, 1);
  const char *p = raw;
  const char *name_start;
  gboolean known = FALSE;

  term->raw = g_strdup (raw);
  term->cidr4 = term->cidr6 = -1;

  switch (*p)
    {
    case '+': term->qualifier = MAMORI_SPF_QUALIFIER_PASS; p++; break;
    case '-': term->qualifier = MAMORI_SPF_QUALIFIER_FAIL; p++; break;
    case '~': term->qualifier = MAMORI_SPF_QUALIFIER_SOFTFAIL; p++; break;
    case '?': term->qualifier = MAMORI_SPF_QUALIFIER_NEUTRAL; p++; break;
    default:  term->qualifier = MAMORI_SPF_QUALIFIER_PASS; break;
    }

  name_start = p;
  while (g_ascii_isalnum (*p))
    p++;
  term->name = g_ascii_strdown (name_start, p - name_start);
  for (gsize i = 0; i < G_N_ELEMENTS (mechanisms); i++)
    {
      if (strcmp (term->name, mechanisms[i].name) == 0)
        {
          term->kind = mechanisms[i].kind;
          known = TRUE;
          break;
        }
    }
  if (!known || (*p != '\0' && *p != ':' && *p != '/'))
    {
      g_set_error (error, MAMORI_ERROR, MAMORI_ERROR_INVALID_INPUT,
                   _("“%s” is not an SPF mechanism"), raw);
      goto fail;
    }

  switch (term->kind)
    {
    case MAMORI_SPF_TERM_ALL:
      if (*p != '\0')
        goto bad_syntax;
      break;

    case MAMORI_SPF_TERM_INCLUDE:
    case MAMORI_SPF_TERM_EXISTS:
      if (*p != ':')
        {
          g_set_error (error, MAMORI_ERROR, MAMORI_ERROR_INVALID_INPUT,
                       _("“%s” needs a domain name after “:”"), raw);
          goto fail;
        }
      if (!parse_domain_spec (term, p + 1, FALSE, error))
        goto fail;
      break;

    case MAMORI_SPF_TERM_PTR:
      if (*p == '/')
        goto bad_syntax;
      if (*p == ':' && !parse_domain_spec (term, p + 1, FALSE, error))
        goto fail;
      break;

    case MAMORI_SPF_TERM_A:
    case MAMORI_SPF_TERM_MX:
      {
        /* Domain names cannot contain "/", but macros can ("%{d/}"): the CIDR part starts
         * at the first "/" outside braces. */
        const char *cidr = NULL;
        int depth = 0;

        for (const char *q = p; *q != '\0'; q++)
          {
            if (*q == '{')
              depth++;
            else if (*q == '}' && depth > 0)
              depth--;
            else if (*q == '/' && depth == 0)
              {
                cidr = q;
                break;
              }
          }
        if (*p == ':')
          {
            g_autofree char *spec = g_strndup (p + 1, cidr != NULL ? (gsize) (cidr - p - 1)
                                                                   : strlen (p + 1));
            if (!parse_domain_spec (term, spec, FALSE, error))
              goto fail;
          }
        if (cidr != NULL)
          {
            const char *q = cidr;

            /* dual-cidr-length = [ ip4-cidr-length ] [ "/" ip6-cidr-length ] */
            if (q[1] != '/')
              {
                if (!parse_cidr (&q, 32, &term->cidr4))
                  goto bad_cidr;
              }
            if (q[0] == '/' && q[1] == '/')
              {
                q++;
                if (!parse_cidr (&q, 128, &term->cidr6))
                  goto bad_cidr;
              }
            if (*q != '\0')
              goto bad_cidr;
          }
      }
      break;

    case MAMORI_SPF_TERM_IP4:
    case MAMORI_SPF_TERM_IP6:
      {
        gboolean v4 = term->kind == MAMORI_SPF_TERM_IP4;
        const char *slash;

        if (*p != ':')
          {
            g_set_error (error, MAMORI_ERROR, MAMORI_ERROR_INVALID_INPUT,
                         _("“%s” needs an address after “:”"), raw);
            goto fail;
          }
        p++;
        slash = strchr (p, '/');
        term->value = g_strndup (p, slash != NULL ? (gsize) (slash - p) : strlen (p));
        if (v4 ? !valid_ip4 (term->value) : !valid_ip6 (term->value))
          {
            g_autofree char *shown = printable (term->value, strlen (term->value));
            if (v4)
              g_set_error (error, MAMORI_ERROR, MAMORI_ERROR_INVALID_INPUT,
                           _("“%s”: “%s” is not an IPv4 address"), raw, shown);
            else
              g_set_error (error, MAMORI_ERROR, MAMORI_ERROR_INVALID_INPUT,
                           _("“%s”: “%s” is not an IPv6 address"), raw, shown);
            goto fail;
          }
        if (slash != NULL)
          {
            const char *q = slash;

            if (!parse_cidr (&q, v4 ? 32 : 128, v4 ? &term->cidr4 : &term->cidr6) ||
                *q != '\0')
              goto bad_cidr;
          }
      }
      break;

    default:
      g_assert_not_reached ();
    }
  return term;

bad_cidr:
  g_set_error (error, MAMORI_ERROR, MAMORI_ERROR_INVALID_INPUT,
               _("“%s” has an invalid prefix length (IPv4: /0–/32, IPv6: //0–//128)"), raw);
  goto fail;
bad_syntax:
  g_set_error (error, MAMORI_ERROR, MAMORI_ERROR_INVALID_INPUT,
               _("“%s” is not written correctly"), raw);
fail:
  term_free (term);
  return NULL;
}

/* name = ALPHA *( ALPHA / DIGIT / "-" / "_" / "." ); a term is a modifier when a name is
 * followed by "=" (§4.6.1, §12). Returns the name's length, or 0. */
static gsize
modifier_name_length (const char *term)
{
  gsize i = 0;

  if (!g_ascii_isalpha (term[0]))
    return 0;
  while (g_ascii_isalnum (term[i]) || term[i] == '-' || term[i] == '_' || term[i] == '.')
    i++;
  return term[i] == '=' ? i : 0;
}

MamoriSpfRecord *
mamori_spf_record_parse (const char  *text,
                         gsize        len,
                         GError     **error)
{
  g_autoptr(MamoriSpfRecord) record = NULL;
  g_autofree char *copy = NULL;
  g_auto(GStrv) parts = NULL;
  gboolean after_all = FALSE;

  g_return_val_if_fail (text != NULL || len == 0, NULL);

  if (len > MAX_RECORD_LEN)
    {
      g_set_error (error, MAMORI_ERROR, MAMORI_ERROR_INVALID_INPUT,
                   _("The SPF record is %zu bytes long; receivers will not accept it"), len);
      return NULL;
    }
  if (!mamori_spf_record_is_spf (text, len))
    {
      g_set_error (error, MAMORI_ERROR, MAMORI_ERROR_INVALID_INPUT,
                   _("The record does not start with “v=spf1”"));
      return NULL;
    }
  for (gsize i = 0; i < len; i++)
    {
      guchar c = (guchar) text[i];

      /* SPF is ASCII only (§12); terms are separated by spaces alone. */
      if (c != ' ' && (c < 0x21 || c > 0x7e))
        {
          g_autofree char *shown = printable (text + i, 1);
          g_set_error (error, MAMORI_ERROR, MAMORI_ERROR_INVALID_INPUT,
                       _("The SPF record contains the character “%s” at position %zu, which "
                         "SPF does not allow"), shown, i + 1);
          return NULL;
        }
    }

  record = g_new0 (MamoriSpfRecord, 1);
  record->terms = g_ptr_array_new_with_free_func ((GDestroyNotify) term_free);
  record->warnings = g_ptr_array_new_with_free_func (g_free);

  copy = g_strndup (text, len);
  parts = g_strsplit (copy + 6, " ", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      const char *part = parts[i];
      MamoriSpfTerm *term;
      gsize name_len;

      if (*part == '\0')
        continue;
      if (record->terms->len >= MAX_TERMS)
        {
          g_set_error (error, MAMORI_ERROR, MAMORI_ERROR_INVALID_INPUT,
                       _("The SPF record has more than %d terms"), MAX_TERMS);
          return NULL;
        }

      name_len = modifier_name_length (part);
      term = name_len > 0 ? parse_modifier (part, name_len, error) : parse_mechanism (part, error);
      if (term == NULL)
        return NULL;
      g_ptr_array_add (record->terms, term);

      switch (term->kind)
        {
        case MAMORI_SPF_TERM_REDIRECT:
        case MAMORI_SPF_TERM_EXP:
          if ((term->kind == MAMORI_SPF_TERM_REDIRECT ? record->redirect : record->exp) != NULL)
            {
              g_set_error (error, MAMORI_ERROR, MAMORI_ERROR_INVALID_INPUT,
                           _("The modifier “%s=” appears more than once"), term->name);
              return NULL;
            }
          if (term->kind == MAMORI_SPF_TERM_REDIRECT)
            record->redirect = term;
          else
            record->exp = term;
          break;
        case MAMORI_SPF_TERM_ALL:
          if (record->all == NULL)
            record->all = term;
          break;
        case MAMORI_SPF_TERM_INCLUDE:
        case MAMORI_SPF_TERM_A:
        case MAMORI_SPF_TERM_MX:
        case MAMORI_SPF_TERM_PTR:
        case MAMORI_SPF_TERM_EXISTS:
          record->lookup_terms++;
          break;
        case MAMORI_SPF_TERM_IP4:
        case MAMORI_SPF_TERM_IP6:
        case MAMORI_SPF_TERM_UNKNOWN_MODIFIER:
        default:
          break;
        }

      if (after_all && term->kind < MAMORI_SPF_TERM_REDIRECT)
        g_ptr_array_add (record->warnings,
                         g_strdup_printf (_("“%s” comes after “all” and is never used"),
                                          term->raw));
      if (term->kind == MAMORI_SPF_TERM_ALL)
        after_all = TRUE;
    }

  /* redirect is ignored when the record has "all" (§6.1), so it costs no lookup then. */
  if (record->redirect != NULL)
    {
      if (record->all != NULL)
        g_ptr_array_add (record->warnings,
                         g_strdup_printf (_("“%s” is ignored because the record has “all”"),
                                          record->redirect->raw));
      else
        record->lookup_terms++;
    }

  return g_steal_pointer (&record);
}

char *
mamori_spf_record_rebuild (const MamoriSpfRecord *record,
                           gboolean (*skip) (const MamoriSpfTerm *term, gpointer data),
                           gpointer               data,
                           const char            *new_all)
{
  GString *out = g_string_new ("v=spf1");
  gboolean all_written = FALSE;

  for (guint i = 0; i < record->terms->len; i++)
    {
      const MamoriSpfTerm *term = g_ptr_array_index (record->terms, i);

      if (term->kind == MAMORI_SPF_TERM_ALL)
        {
          if (!all_written)
            g_string_append_printf (out, " %s", new_all != NULL ? new_all : term->raw);
          all_written = TRUE;
          continue;
        }
      if (term->kind == MAMORI_SPF_TERM_REDIRECT && new_all != NULL)
        continue;   /* an all makes redirect dead weight */
      if (skip != NULL && skip (term, data))
        continue;
      g_string_append_printf (out, " %s", term->raw);
    }
  if (!all_written && new_all != NULL)
    g_string_append_printf (out, " %s", new_all);
  return g_string_free (out, FALSE);
}

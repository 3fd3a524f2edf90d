/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "mamori-dkim-record.h"
#include "mamori-error.h"

/* An RSA-8192 key is about 1.4 KiB of base64; anything much longer is not a key record. */
#define MAX_RECORD_LEN 4096

void
mamori_dkim_record_free (MamoriDkimRecord *record)
{
  if (record == NULL)
    return;
  g_strfreev (record->hashes);
  g_strfreev (record->services);
  g_free (record->notes);
  g_ptr_array_unref (record->warnings);
  g_free (record);
}

const char *
mamori_dkim_key_type_to_string (MamoriDkimKeyType type)
{
  return type == MAMORI_DKIM_KEY_ED25519 ? "ed25519" : "rsa";
}

static gboolean
is_fws (char c)
{
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* --- a small DER reader: only what a SubjectPublicKeyInfo needs ------------------------- */

typedef struct {
  const guint8 *data;
  gsize         len;
} Der;

/* Reads one TLV at *der, advances past it. Single-byte tags and definite lengths only. */
static gboolean
der_read (Der    *der,
          guint8  expected_tag,
          Der    *content)
{
  gsize length, pos = 2;

  if (der->len < 2 || der->data[0] != expected_tag)
    return FALSE;
  length = der->data[1];
  if (length & 0x80)
    {
      gsize n = length & 0x7f;

      /* 0x80 (indefinite) is BER, not DER; more than 4 octets of length is absurd here. */
      if (n == 0 || n > 4 || der->len < 2 + n)
        return FALSE;
      length = 0;
      for (gsize i = 0; i < n; i++)
        length = (length << 8) | der->data[2 + i];
      if (length < 0x80 || der->data[2] == 0)   /* not the shortest form */
        return FALSE;
      pos = 2 + n;
    }
  if (length > der->len - pos)
    return FALSE;
  content->data = der->data + pos;
  content->len = length;
  der->data += pos + length;
  der->len -= pos + length;
  return TRUE;
}

/* RSAPublicKey ::= SEQUENCE { modulus INTEGER, publicExponent INTEGER } */
static guint
rsa_public_key_bits (Der der)
{
  Der seq, modulus, exponent;
  gsize skip = 0;
  guint8 top;
  guint bits;

  if (!der_read (&der, 0x30, &seq) || der.len != 0)
    return 0;
  if (!der_read (&seq, 0x02, &modulus) || !der_read (&seq, 0x02, &exponent) || seq.len != 0)
    return 0;
  if (modulus.len == 0 || exponent.len == 0 || (modulus.data[0] & 0x80) ||
      (exponent.data[0] & 0x80))
    return 0;   /* negative numbers */
  while (skip < modulus.len && modulus.data[skip] == 0)
    skip++;
  if (skip == modulus.len || skip > 1)
    return 0;   /* zero, or padded more than DER allows */
  top = modulus.data[skip];
  bits = (guint) (modulus.len - skip - 1) * 8;
  while (top != 0)
    {
      bits++;
      top >>= 1;
    }
  return bits;
}

guint
mamori_dkim_rsa_key_bits (const guint8  *data,
                          gsize          len,
                          gboolean      *bare_pkcs1,
                          GError       **error)
{
  static const guint8 rsa_encryption[] = { 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01 };
  Der der = { data, len }, outer, spki, algorithm, oid, bitstring;
  guint bits;

  if (bare_pkcs1 != NULL)
    *bare_pkcs1 = FALSE;

  {
    /* A bare RSAPublicKey starts SEQUENCE { INTEGER … }, an SPKI SEQUENCE { SEQUENCE … }. */
    Der probe = der, inner;

    if (der_read (&probe, 0x30, &inner) && inner.len > 0 && inner.data[0] == 0x02)
      {
        bits = rsa_public_key_bits (der);
        if (bits == 0)
          goto malformed;
        if (bare_pkcs1 != NULL)
          *bare_pkcs1 = TRUE;
        return bits;
      }
  }

  if (!der_read (&der, 0x30, &outer) || der.len != 0)
    goto malformed;
  spki = outer;
  if (!der_read (&spki, 0x30, &algorithm) || !der_read (&spki, 0x03, &bitstring) || spki.len != 0)
    goto malformed;
  if (!der_read (&algorithm, 0x06, &oid))
    goto malformed;
  if (oid.len != sizeof rsa_encryption || memcmp (oid.data, rsa_encryption, oid.len) != 0)
    {
      g_set_error (error, MAMORI_ERROR, MAMORI_ERROR_INVALID_INPUT,
                   _("The key in p= is not an RSA key"));
      return 0;
    }
  /* BIT STRING: one octet of unused bits (0 for DER-wrapped keys), then the key. */
  if (bitstring.len < 1 || bitstring.data[0] != 0)
    goto malformed;
  bitstring.data++;
  bitstring.len--;
  bits = rsa_public_key_bits (bitstring);
  if (bits == 0)
    goto malformed;
  return bits;

malformed:
  g_set_error (error, MAMORI_ERROR, MAMORI_ERROR_INVALID_INPUT,
               _("The key in p= is not a well-formed RSA public key"));
  return 0;
}

/* --- tag list ------------------------------------------------------------------------------ */

static char *
strip_fws (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p++)
    {
      if (!is_fws (*p))
        g_string_append_c (out, *p);
    }
  return g_string_free (out, FALSE);
}

static gboolean
valid_base64 (const char *text)
{
  gsize len = strlen (text), pad = 0;

  if (len % 4 != 0)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    {
      char c = text[i];

      if (c == '=')
        {
          pad++;
          continue;
        }
      if (pad > 0 || !(g_ascii_isalnum (c) || c == '+' || c == '/'))
        return FALSE;
    }
  return pad <= 2;
}

static GStrv
split_colon_list (const char *value)
{
  g_autofree char *stripped = strip_fws (value);
  g_auto(GStrv) parts = g_strsplit (stripped, ":", -1);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; parts[i] != NULL; i++)
    {
      if (parts[i][0] != '\0')
        g_strv_builder_add (builder, parts[i]);
    }
  return g_strv_builder_end (builder);
}

/* tag-name = ALPHA *ALNUMPUNC (§3.2) */
static gboolean
valid_tag_name (const char *name)
{
  if (!g_ascii_isalpha (name[0]))
    return FALSE;
  for (const char *p = name; *p != '\0'; p++)
    {
      if (!g_ascii_isalnum (*p) && *p != '_')
        return FALSE;
    }
  return TRUE;
}

gboolean
mamori_dkim_record_looks_like_key (const char *text,
                                   gsize       len)
{
  g_autofree char *copy = NULL;
  g_auto(GStrv) parts = NULL;

  if (text == NULL || len > MAX_RECORD_LEN || memchr (text, '\0', len) != NULL)
    return FALSE;
  copy = g_strndup (text, len);
  parts = g_strsplit (copy, ";", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_autofree char *tag = strip_fws (parts[i]);

      if (g_str_has_prefix (tag, "p=") || (i == 0 && g_str_equal (tag, "v=DKIM1")))
        return TRUE;
    }
  return FALSE;
}

MamoriDkimRecord *
mamori_dkim_record_parse (const char  *text,
                          gsize        len,
                          GError     **error)
{
  g_autoptr(MamoriDkimRecord) record = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *copy = NULL;
  g_autofree char *key_text = NULL;
  g_auto(GStrv) parts = NULL;
  gboolean have_p = FALSE;
  gboolean tags_seen = FALSE;

  g_return_val_if_fail (text != NULL || len == 0, NULL);

  if (len > MAX_RECORD_LEN)
    {
      g_set_error (error, MAMORI_ERROR, MAMORI_ERROR_INVALID_INPUT,
                   _("The DKIM record is %zu bytes long; it cannot be a valid key record"), len);
      return NULL;
    }
  for (gsize i = 0; i < len; i++)
    {
      guchar c = (guchar) text[i];

      /* tag-list is ASCII: visible characters and folding white space (§3.2). */
      if (!is_fws ((char) c) && (c < 0x21 || c > 0x7e))
        {
          g_set_error (error, MAMORI_ERROR, MAMORI_ERROR_INVALID_INPUT,
                       _("The DKIM record contains a byte (0x%02x) at position %zu that is "
                         "not allowed"), c, i + 1);
          return NULL;
        }
    }

  record = g_new0 (MamoriDkimRecord, 1);
  record->key_type = MAMORI_DKIM_KEY_RSA;   /* k= defaults to rsa */
  record->warnings = g_ptr_array_new_with_free_func (g_free);

  copy = g_strndup (text, len);
  parts = g_strsplit (copy, ";", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      char *part = g_strstrip (parts[i]);
      char *eq, *name, *value;

      if (*part == '\0')
        {
          if (parts[i + 1] == NULL)
            continue;   /* one trailing ";" is allowed */
          g_set_error (error, MAMORI_ERROR, MAMORI_ERROR_INVALID_INPUT,
                       _("The DKIM record has an empty tag between two “;”"));
          return NULL;
        }
      eq = strchr (part, '=');
      if (eq == NULL)
        {
          g_set_error (error, MAMORI_ERROR, MAMORI_ERROR_INVALID_INPUT,
                       _("“%s” is not a tag=value pair"), part);
          return NULL;
        }
      *eq = '\0';
      name = g_strstrip (part);
      value = g_strstrip (eq + 1);

      if (!valid_tag_name (name))
        {
          g_set_error (error, MAMORI_ERROR, MAMORI_ERROR_INVALID_INPUT,
                       _("“%s” is not a valid tag name"), name);
          return NULL;
        }
      if (g_hash_table_contains (seen, name))
        {
          g_set_error (error, MAMORI_ERROR, MAMORI_ERROR_INVALID_INPUT,
                       _("The tag “%s” appears more than once"), name);
          return NULL;
        }
      g_hash_table_add (seen, g_strdup (name));

      if (strcmp (name, "v") == 0)
        {
          if (tags_seen)
            {
              g_set_error (error, MAMORI_ERROR, MAMORI_ERROR_INVALID_INPUT,
                           _("The tag “v” must come first"));
              return NULL;
            }
          if (strcmp (value, "DKIM1") != 0)
            {
              g_set_error (error, MAMORI_ERROR, MAMORI_ERROR_INVALID_INPUT,
                           _("v=%s is not “DKIM1”"), value);
              return NULL;
            }
        }
      else if (strcmp (name, "k") == 0)
        {
          if (strcmp (value, "rsa") == 0)
            {
              record->key_type = MAMORI_DKIM_KEY_RSA;
            }
          else if (strcmp (value, "ed25519") == 0)
            {
              record->key_type = MAMORI_DKIM_KEY_ED25519;
            }
          else
            {
              g_set_error (error, MAMORI_ERROR, MAMORI_ERROR_INVALID_INPUT,
                           _("k=%s is not a key type that receivers know (rsa or ed25519)"),
                           value);
              return NULL;
            }
        }
      else if (strcmp (name, "h") == 0)
        {
          record->hashes = split_colon_list (value);
        }
      else if (strcmp (name, "s") == 0)
        {
          record->services = split_colon_list (value);
        }
      else if (strcmp (name, "t") == 0)
        {
          g_auto(GStrv) flags = split_colon_list (value);

          for (guint j = 0; flags[j] != NULL; j++)
            {
              if (strcmp (flags[j], "y") == 0)
                record->testing = TRUE;
              else if (strcmp (flags[j], "s") == 0)
                record->strict = TRUE;
            }
        }
      else if (strcmp (name, "n") == 0)
        {
          record->notes = g_strdup (value);
        }
      else if (strcmp (name, "p") == 0)
        {
          have_p = TRUE;
          key_text = strip_fws (value);
        }
      /* Unknown tags are ignored (§3.2). */
      tags_seen = TRUE;
    }

  if (!have_p)
    {
      g_set_error (error, MAMORI_ERROR, MAMORI_ERROR_INVALID_INPUT,
                   _("The DKIM record has no public key (no p= tag)"));
      return NULL;
    }

  if (record->services != NULL && !g_strv_contains ((const char * const *) record->services, "*")
      && !g_strv_contains ((const char * const *) record->services, "email"))
    {
      g_set_error (error, MAMORI_ERROR, MAMORI_ERROR_INVALID_INPUT,
                   _("The key is not for mail (s= names neither “email” nor “*”)"));
      return NULL;
    }

  if (record->hashes != NULL && !g_strv_contains ((const char * const *) record->hashes, "sha256"))
    {
      /* RFC 8301: verifiers must not accept rsa-sha1, so such a key validates nothing. */
      g_ptr_array_add (record->warnings,
                       g_strdup (_("h= does not allow SHA-256; signatures with SHA-1 are no "
                                   "longer accepted (RFC 8301)")));
    }

  if (*key_text == '\0')
    {
      record->revoked = TRUE;
      return g_steal_pointer (&record);
    }
  if (!valid_base64 (key_text))
    {
      g_set_error (error, MAMORI_ERROR, MAMORI_ERROR_INVALID_INPUT,
                   _("The public key in p= is not valid base64"));
      return NULL;
    }

  {
    gsize der_len = 0;
    g_autofree guint8 *der = g_base64_decode (key_text, &der_len);

    if (record->key_type == MAMORI_DKIM_KEY_ED25519)
      {
        /* RFC 8463 §4.2: the raw 32-byte public key, not wrapped in DER. */
        if (der_len != 32)
          {
            g_set_error (error, MAMORI_ERROR, MAMORI_ERROR_INVALID_INPUT,
                         _("An Ed25519 key must be 32 bytes, but p= holds %zu"), der_len);
            return NULL;
          }
        record->key_bits = 256;
      }
    else
      {
        gboolean bare = FALSE;

        record->key_bits = mamori_dkim_rsa_key_bits (der, der_len, &bare, error);
        if (record->key_bits == 0)
          return NULL;
        if (bare)
          g_ptr_array_add (record->warnings,
                           g_strdup (_("p= holds a bare RSAPublicKey instead of a "
                                       "SubjectPublicKeyInfo; some receivers cannot read it")));
      }
  }

  return g_steal_pointer (&record);
}

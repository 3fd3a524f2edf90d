/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The DKIM key record parser (RFC 6376 §3.6.1, RFC 8463) and its DER reader. The keys are
 * real public keys made with openssl genpkey for these tests. */
#include "config.h"

#include "mamori-dkim-record.h"
#include "mamori-error.h"

#define RSA2048 "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAoLs6vZgUAxoNcbusyj6C" \
  "VLku1/tkPMK5EIvXHJ3dKF0zAbDGJ/V465oLtjjGFhzSRbYXAvKeUijABALN0QU2" \
  "+Bh3SRft4LoRw/iOC/HGt6i5lZ5N4FDmxdojoqow9gSNTuasdf2AMgqdjiVCOoP9" \
  "JclLnGFRnXP5YrUpRGN4o7uwOBSneAjqbFN1ZqAVYgiVTrjH3zAP9Ur6BAOhwEvJ" \
  "Zat7Z5WcLXKgDRXbQ4qKd0QZqI2lPjbbMmu1Xn4V885OYAAdStynocl+EWimQUaw" \
  "dPhKxP1ZTYmftbbdYMcCprKOKzRMDfKOv1A3DwTzLyVojYaswu7XBmoez0vtNhXC" \
  "FQIDAQAB"
#define RSA1024 "MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQCnqsFqZAWcU+JJWkPl/Yqg13HV" \
  "Xg8aJ6q90fHPwbwjp2dUKHBVhx+cS9DeVXb46gPUdEhJmldhssi3+PlJbT3dxJaq" \
  "UfOF9iEKORGt1iE/hc5PSaImFYhR88FcVBBRit0sC/aw0YItBS5j0oClc9RutFmz" \
  "koKbkQDv87qIDW7vRQIDAQAB"
#define RSA512 "MFwwDQYJKoZIhvcNAQEBBQADSwAwSAJBAKndQO5Awh3SozuUxKc/cPEvQXdB3wnn" \
  "hPyPFnQYfhvn5x/rAnsbZurpMaaYsdt1A3koZhTKi8fYyUwRZMzJkG0CAwEAAQ=="
#define RSA4096 "MIICIjANBgkqhkiG9w0BAQEFAAOCAg8AMIICCgKCAgEAwIOPCJoGuYBWY5PXnBoJ" \
  "AApwkqnKdwj9XgEB4/qVI1dNpPErrwjnefPK/7EwtAZa+dCzV4qe3wOrYIXc4f3n" \
  "fC5Vqs3yXIAv3wq0PwALNFSwCu3V10XKR+EthZaXDWfvfc+6rcdHGwR3TFCQYWba" \
  "ZJA/+IiaUU6M243k7/lGOHlVdYiBjaIN80nmiIs42H1SrfQIjIXVtGG36cf3Ylyu" \
  "Ijl8r0eGUK9K7KGG5cl0kcRIWCsCLP+xgkfWCZejylEsJDgL0N3NkIacRUW5Py7x" \
  "jiLzvSP1/sonQsA7N4PDqW7zkfiJUNcsUHWHHTalnj+Gcod/MJSItsJbA7pjc2zI" \
  "e1opKB31z1lWEtPx6VVspkaVDmZvuCKgPmpjFDQ0/uciOV7oo/mE055v/rOQmoIS" \
  "ToH9EqAuVDk7lnDivDvChaPAf+DKrsR8annM8/MsqG+0tKetRILqm3vaUCmJDgxK" \
  "FWgVAy8sBjDhyLcQJDVCRhkw0rdyQMdTcgHF34BMOvjZr12AqASXdpks4Ko99/SM" \
  "9KUVmVAH5w6uekIUXIlt0oDaPtRVjHN/OL6eFcKt/4kHbmV+ckgKb1zgE9eGxyZA" \
  "2ZnoAmO7IianOt3IGB1CxSuZ3hRL8PLIBm5HAU1yvYIt36UtjP4E+kkU2RuMQoJW" \
  "CBHi9DNMVzDjRZ4GlsyHiYUCAwEAAQ=="
#define ED25519 "XKysoKe75fwKxF6sGHr/WE2m0IfXTMKbKbcJWsQhHpM="
/* The 1024-bit key as a bare PKCS#1 RSAPublicKey. */
#define RSA1024_PKCS1 "MIGJAoGBAKeqwWpkBZxT4klaQ+X9iqDXcdVeDxonqr3R8c/BvCOnZ1QocFWHH5xL" \
  "0N5VdvjqA9R0SEmaV2GyyLf4+UltPd3ElqpR84X2IQo5Ea3WIT+Fzk9JoiYViFHz" \
  "wVxUEFGK3SwL9rDRgi0FLmPSgKVz1G60WbOSgpuRAO/zuogNbu9FAgMBAAE="

typedef struct {
  const char        *text;
  MamoriDkimKeyType  type;
  guint              bits;
  gboolean           revoked;
  gboolean           testing;
  guint              n_warnings;
} ValidCase;

static const ValidCase valid_cases[] = {
  { "v=DKIM1; k=rsa; p=" RSA2048, MAMORI_DKIM_KEY_RSA, 2048, FALSE, FALSE, 0 },
  { "v=DKIM1; p=" RSA1024, MAMORI_DKIM_KEY_RSA, 1024, FALSE, FALSE, 0 },
  { "k=rsa; p=" RSA512, MAMORI_DKIM_KEY_RSA, 512, FALSE, FALSE, 0 },
  { "v=DKIM1; k=rsa; h=sha256; s=email; t=s; p=" RSA4096 ";", MAMORI_DKIM_KEY_RSA, 4096, FALSE,
    FALSE, 0 },
  { "v=DKIM1; k=ed25519; p=" ED25519, MAMORI_DKIM_KEY_ED25519, 256, FALSE, FALSE, 0 },
  { "v=DKIM1; p=", MAMORI_DKIM_KEY_RSA, 0, TRUE, FALSE, 0 },
  { "v=DKIM1; k=rsa; p=;", MAMORI_DKIM_KEY_RSA, 0, TRUE, FALSE, 0 },
  { "v=DKIM1; k=rsa; t=y; p=" RSA2048, MAMORI_DKIM_KEY_RSA, 2048, FALSE, TRUE, 0 },
  { "v=DKIM1; t=y:s; p=" RSA2048, MAMORI_DKIM_KEY_RSA, 2048, FALSE, TRUE, 0 },
  { "v=DKIM1; h=sha1; p=" RSA2048, MAMORI_DKIM_KEY_RSA, 2048, FALSE, FALSE, 1 },
  { "v=DKIM1; h=sha1:sha256; s=*; n=notes here; x_new=1; p=" RSA2048, MAMORI_DKIM_KEY_RSA, 2048,
    FALSE, FALSE, 0 },
  { "v=DKIM1; p=" RSA1024_PKCS1, MAMORI_DKIM_KEY_RSA, 1024, FALSE, FALSE, 1 },
  /* Folding white space inside the base64 and around tags, as zone files split it. */
  { " v = DKIM1 ;\tk = rsa ; p = " RSA2048 " ", MAMORI_DKIM_KEY_RSA, 2048, FALSE, FALSE, 0 },
};

static void
test_valid (gconstpointer data)
{
  const ValidCase *c = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(MamoriDkimRecord) r = mamori_dkim_record_parse (c->text, strlen (c->text), &error);

  g_test_message ("record: %s", c->text);
  g_assert_no_error (error);
  g_assert_nonnull (r);
  g_assert_cmpint (r->key_type, ==, c->type);
  g_assert_cmpuint (r->key_bits, ==, c->bits);
  g_assert_cmpint (r->revoked, ==, c->revoked);
  g_assert_cmpint (r->testing, ==, c->testing);
  g_assert_cmpuint (r->warnings->len, ==, c->n_warnings);
}

static void
test_folded_base64 (void)
{
  g_autoptr(GString) text = g_string_new ("v=DKIM1; k=rsa; p=");
  const char *key = RSA2048;
  g_autoptr(MamoriDkimRecord) r = NULL;

  for (gsize i = 0; key[i] != '\0'; i++)
    {
      if (i > 0 && i % 60 == 0)
        g_string_append (text, "\r\n\t");
      g_string_append_c (text, key[i]);
    }
  r = mamori_dkim_record_parse (text->str, text->len, NULL);
  g_assert_nonnull (r);
  g_assert_cmpuint (r->key_bits, ==, 2048);
}

typedef struct {
  const char *text;
  const char *fragment;
} InvalidCase;

static const InvalidCase invalid_cases[] = {
  { "", "no public key" },
  { "v=DKIM1", "no public key" },
  { "v=DKIM1; k=rsa", "no public key" },
  { "v=DKIM2; p=" RSA2048, "DKIM2" },
  { "k=rsa; v=DKIM1; p=" RSA2048, "first" },
  { "v=DKIM1; p=" RSA2048 "; p=" RSA1024, "more than once" },
  { "v=DKIM1; k=dsa; p=" RSA2048, "k=dsa" },
  { "v=DKIM1; s=tlsrpt; p=" RSA2048, "s=" },
  { "v=DKIM1; p=not*base64", "base64" },
  { "v=DKIM1; p=QUJD", "RSA" },                       /* "ABC": base64, but not DER */
  { "v=DKIM1; p=" RSA2048 "A", "base64" },             /* length not a multiple of 4 */
  { "v=DKIM1; p=A===", "base64" },
  { "v=DKIM1; k=ed25519; p=" RSA2048, "32" },
  { "v=DKIM1; k=rsa; p=" ED25519, "RSA" },
  { "v=DKIM1; ; p=" RSA2048, "empty" },
  { "v=DKIM1; novalue; p=" RSA2048, "novalue" },
  { "v=DKIM1; 1x=y; p=" RSA2048, "1x" },
  { "v=DKIM1; n=\xe3\x81\x82; p=" RSA2048, "0xe3" },
  { "v=spf1 -all", "v=spf1 -all" },
};

static void
test_invalid (gconstpointer data)
{
  const InvalidCase *c = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(MamoriDkimRecord) r = mamori_dkim_record_parse (c->text, strlen (c->text), &error);

  g_test_message ("record: %s", c->text);
  g_assert_null (r);
  g_assert_error (error, MAMORI_ERROR, MAMORI_ERROR_INVALID_INPUT);
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  if (strstr (error->message, c->fragment) == NULL)
    g_error ("message “%s” does not contain “%s”", error->message, c->fragment);
}

/* Hand-made DER: each must be refused without reading past the end. */
static void
test_der (void)
{
  static const struct {
    const char *hex;
    guint       bits;
  } cases[] = {
    /* SEQUENCE { INTEGER 0x00c1 (8 bits: 0xc1), INTEGER 3 } as bare PKCS#1 */
    { "3007020200c1020103", 8 },
    { "300602010102010303", 0 },        /* trailing byte after the sequence */
    { "3006020181020103", 0 },          /* truncated */
    { "30820006020101020103", 0 },      /* long form for a short length: not DER */
    { "3080020101020103", 0 },          /* indefinite length */
    { "30060201ff020103", 0 },          /* negative modulus */
    { "3008020300000102 0103", 0 },     /* over-padded modulus */
    { "30", 0 },
    { "", 0 },
    { "3084ffffffff", 0 },              /* length far past the end */
    /* SPKI with another algorithm OID (id-ecPublicKey) */
    { "3013300906072a8648ce3d0201 0306000300000000", 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GByteArray) der = g_byte_array_new ();
      g_autoptr(GError) error = NULL;
      const char *p = cases[i].hex;
      guint bits;

      while (*p != '\0')
        {
          guint8 b;

          if (*p == ' ')
            {
              p++;
              continue;
            }
          b = (guint8) (g_ascii_xdigit_value (p[0]) * 16 + g_ascii_xdigit_value (p[1]));
          g_byte_array_append (der, &b, 1);
          p += 2;
        }
      /* A copy of exactly the right size, so ASan sees any overread. */
      {
        g_autofree guint8 *copy = g_memdup2 (der->data, der->len);

        bits = mamori_dkim_rsa_key_bits (copy, der->len, NULL, &error);
      }
      g_test_message ("DER %s", cases[i].hex);
      g_assert_cmpuint (bits, ==, cases[i].bits);
      if (bits == 0)
        g_assert_error (error, MAMORI_ERROR, MAMORI_ERROR_INVALID_INPUT);
      else
        g_assert_no_error (error);
    }
}

static void
test_looks_like_key (void)
{
  static const struct {
    const char *text;
    gboolean    expected;
  } cases[] = {
    { "v=DKIM1; p=abc", TRUE },
    { "k=rsa; p=abc", TRUE },
    { "v=DKIM1", TRUE },
    { "v=spf1 -all", FALSE },
    { "google-site-verification=abc", FALSE },
    { "", FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    g_assert_cmpint (mamori_dkim_record_looks_like_key (cases[i].text, strlen (cases[i].text)),
                     ==, cases[i].expected);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (valid_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/mamori/dkim/record/valid/%u", i);
      g_test_add_data_func (path, &valid_cases[i], test_valid);
    }
  for (guint i = 0; i < G_N_ELEMENTS (invalid_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/mamori/dkim/record/invalid/%u", i);
      g_test_add_data_func (path, &invalid_cases[i], test_invalid);
    }
  g_test_add_func ("/mamori/dkim/record/folded-base64", test_folded_base64);
  g_test_add_func ("/mamori/dkim/record/der", test_der);
  g_test_add_func ("/mamori/dkim/record/looks-like-key", test_looks_like_key);
  return g_test_run ();
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The small parsers of the transport checks: TLS-RPT records (RFC 8460), CAA properties
 * (RFC 8659) and the network prefix that the name server diversity rule counts.
 */
#include "config.h"

#include <glib.h>
#include <string.h>

#include "mamori-caa-record.h"
#include "mamori-dns-direct.h"
#include "mamori-error.h"
#include "mamori-tls-rpt-record.h"

typedef struct {
  const char *name;
  const char *text;
  const char *rua;      /* destinations joined by " ", NULL = parse error */
  const char *error;
} TlsRptCase;

static const TlsRptCase tls_rpt_cases[] = {
  { "mailto", "v=TLSRPTv1; rua=mailto:reports@example.jp", "mailto:reports@example.jp", NULL },
  { "https", "v=TLSRPTv1;rua=https://reporting.example.jp/v1/tlsrpt",
    "https://reporting.example.jp/v1/tlsrpt", NULL },
  { "two", "v=TLSRPTv1; rua=mailto:a@example.jp, https://r.example.jp/x;",
    "mailto:a@example.jp https://r.example.jp/x", NULL },
  { "extension", "v=TLSRPTv1; x-foo=bar; rua=mailto:a@example.jp", "mailto:a@example.jp", NULL },
  { "no-rua", "v=TLSRPTv1;", NULL, "no rua=" },
  { "two-rua", "v=TLSRPTv1; rua=mailto:a@b.jp; rua=mailto:c@d.jp", NULL, "more than one" },
  { "ftp", "v=TLSRPTv1; rua=ftp://example.jp/", NULL, "ftp://example.jp/" },
  { "http", "v=TLSRPTv1; rua=http://example.jp/", NULL, "http://example.jp/" },
  { "mailto-no-at", "v=TLSRPTv1; rua=mailto:reports", NULL, "mailto:reports" },
  { "https-no-host", "v=TLSRPTv1; rua=https:///x", NULL, "https:///x" },
  { "empty-uri", "v=TLSRPTv1; rua=mailto:a@b.jp,", NULL, "is not a mailto:" },
  { "version", "v=TLSRPTv2; rua=mailto:a@b.jp", NULL, "v=TLSRPTv1" },
  { "no-delimiter", "v=TLSRPTv1 rua=mailto:a@b.jp", NULL, "Expected" },
  { "empty-value", "v=TLSRPTv1; rua=", NULL, "no value" },
};

static void
test_tls_rpt (gconstpointer data)
{
  const TlsRptCase *tc = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(MamoriTlsRptRecord) record = NULL;

  record = mamori_tls_rpt_record_parse (tc->text, strlen (tc->text), &error);
  if (tc->rua == NULL)
    {
      g_assert_null (record);
      g_assert_error (error, MAMORI_ERROR, MAMORI_ERROR_PROTOCOL);
      g_assert_nonnull (strstr (error->message, tc->error));
      return;
    }
  g_assert_no_error (error);
  {
    g_autoptr(GString) joined = g_string_new (NULL);

    for (guint i = 0; i < record->rua->len; i++)
      g_string_append_printf (joined, "%s%s", i > 0 ? " " : "",
                              (char *) g_ptr_array_index (record->rua, i));
    g_assert_cmpstr (joined->str, ==, tc->rua);
  }
}

typedef struct {
  const char   *name;
  guint8        flags;
  const char   *tag;
  const char   *value;
  gboolean      ok;
  MamoriCaaTag  kind;
  const char   *issuer;       /* NULL = no CA */
  guint         n_parameters;
  gboolean      critical;
} CaaCase;

static const CaaCase caa_cases[] = {
  { "issue", 0, "issue", "letsencrypt.org", TRUE, MAMORI_CAA_TAG_ISSUE, "letsencrypt.org", 0 },
  { "issue-case", 0, "ISSUE", "LetsEncrypt.Org", TRUE, MAMORI_CAA_TAG_ISSUE, "letsencrypt.org",
    0 },
  { "issue-params", 0, "issue", "ca.example.net; account=230123; policy=ev", TRUE,
    MAMORI_CAA_TAG_ISSUE, "ca.example.net", 2 },
  { "issue-spaces", 0, "issue", "  ca.example.net ;  account = 1  ", TRUE, MAMORI_CAA_TAG_ISSUE,
    "ca.example.net", 1 },
  { "issue-deny", 0, "issue", ";", TRUE, MAMORI_CAA_TAG_ISSUE, NULL, 0 },
  { "issue-empty", 0, "issue", "", TRUE, MAMORI_CAA_TAG_ISSUE, NULL, 0 },
  { "issuewild", 0, "issuewild", "digicert.com", TRUE, MAMORI_CAA_TAG_ISSUEWILD, "digicert.com",
    0 },
  { "iodef-mailto", 0, "iodef", "mailto:security@example.jp", TRUE, MAMORI_CAA_TAG_IODEF },
  { "iodef-https", 0, "iodef", "https://iodef.example.jp/", TRUE, MAMORI_CAA_TAG_IODEF },
  { "unknown", 0, "tbs", "whatever", TRUE, MAMORI_CAA_TAG_OTHER },
  { "unknown-critical", 128, "tbs", "whatever", TRUE, MAMORI_CAA_TAG_OTHER, NULL, 0, TRUE },
  { "issue-critical", 128, "issue", "letsencrypt.org", TRUE, MAMORI_CAA_TAG_ISSUE,
    "letsencrypt.org", 0, TRUE },
  { "param-no-name", 0, "issue", "letsencrypt.org; =yes", FALSE },
  { "param-no-equals", 0, "issue", "letsencrypt.org; account", FALSE },
  { "dangling-semicolon", 0, "issue", "letsencrypt.org; a=b;", FALSE },
  { "bad-domain", 0, "issue", "lets_encrypt.org", FALSE },
  { "domain-dash-end", 0, "issue", "ca-.example", FALSE },
  { "domain-double-dot", 0, "issue", "ca..example", FALSE },
  { "two-domains", 0, "issue", "a.example b.example", FALSE },
  { "iodef-ftp", 0, "iodef", "ftp://example.jp/", FALSE },
  { "iodef-garbage", 0, "iodef", "not a url", FALSE },
  { "tag-dash", 0, "is-sue", "letsencrypt.org", FALSE },
  { "tag-long", 0, "abcdefghijklmnop", "x", FALSE },
  { "tag-empty", 0, "", "x", FALSE },
};

static void
test_caa (gconstpointer data)
{
  const CaaCase *tc = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(MamoriCaaProperty) property = NULL;

  property = mamori_caa_property_parse (tc->flags, (const guint8 *) tc->tag, strlen (tc->tag),
                                        (const guint8 *) tc->value, strlen (tc->value), &error);
  if (!tc->ok)
    {
      g_assert_null (property);
      g_assert_error (error, MAMORI_ERROR, MAMORI_ERROR_PROTOCOL);
      return;
    }
  g_assert_no_error (error);
  g_assert_cmpint (property->kind, ==, tc->kind);
  g_assert_cmpstr (property->issuer, ==, tc->issuer);
  g_assert_cmpuint (property->parameters->len, ==, tc->n_parameters);
  g_assert_cmpint (mamori_caa_property_is_critical (property), ==, tc->critical);
}

static void
test_caa_nul (void)
{
  static const guint8 value[] = { 'c', 'a', '\0', '.', 'j', 'p' };
  g_autoptr(GError) error = NULL;
  MamoriCaaProperty *property;

  property = mamori_caa_property_parse (0, (const guint8 *) "issue", 5, value, sizeof value,
                                        &error);
  g_assert_null (property);
  g_assert_error (error, MAMORI_ERROR, MAMORI_ERROR_PROTOCOL);
}

typedef struct {
  const char *address;
  const char *prefix;   /* NULL = error */
} PrefixCase;

static const PrefixCase prefix_cases[] = {
  { "192.0.2.53", "192.0.2.0/24" },
  { "192.0.2.0", "192.0.2.0/24" },
  { "198.51.100.1", "198.51.100.0/24" },
  { "127.0.0.2", "127.0.0.0/24" },
  { "2001:db8:1:2::53", "2001:db8:1::/48" },
  { "2001:db8:ffff:ffff:ffff:ffff:ffff:ffff", "2001:db8:ffff::/48" },
  { "::1", "::/48" },
  { "ns1.example.jp", NULL },
  { "192.0.2.256", NULL },
  { "", NULL },
};

static void
test_prefix (gconstpointer data)
{
  const PrefixCase *tc = data;
  g_autoptr(GError) error = NULL;
  g_autofree char *prefix = mamori_dns_network_prefix (tc->address, &error);

  if (tc->prefix == NULL)
    {
      g_assert_null (prefix);
      g_assert_error (error, MAMORI_ERROR, MAMORI_ERROR_INVALID_INPUT);
      return;
    }
  g_assert_no_error (error);
  g_assert_cmpstr (prefix, ==, tc->prefix);
}

/* The diversity rule of domain.nameservers: addresses in one /24 (or /48) are one network. */
static void
test_prefix_diversity (void)
{
  static const struct {
    const char *addresses[4];
    guint       networks;
  } rows[] = {
    { { "127.0.0.1", "127.0.0.2", NULL }, 1 },
    { { "192.0.2.1", "192.0.2.200", "192.0.3.1", NULL }, 2 },
    { { "2001:db8:1::1", "2001:db8:1:ffff::1", NULL }, 1 },
    { { "2001:db8:1::1", "2001:db8:2::1", "192.0.2.1", NULL }, 3 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_autoptr(GHashTable) networks = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                              NULL);

      for (guint j = 0; rows[i].addresses[j] != NULL; j++)
        g_hash_table_add (networks, mamori_dns_network_prefix (rows[i].addresses[j], NULL));
      g_assert_cmpuint (g_hash_table_size (networks), ==, rows[i].networks);
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (tls_rpt_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/mamori/domain/tls-rpt-record/%s",
                                               tls_rpt_cases[i].name);
      g_test_add_data_func (path, &tls_rpt_cases[i], test_tls_rpt);
    }
  for (guint i = 0; i < G_N_ELEMENTS (caa_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/mamori/domain/caa-record/%s", caa_cases[i].name);
      g_test_add_data_func (path, &caa_cases[i], test_caa);
    }
  g_test_add_func ("/mamori/domain/caa-record/nul", test_caa_nul);
  for (guint i = 0; i < G_N_ELEMENTS (prefix_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/mamori/probe/network-prefix/%u", i);
      g_test_add_data_func (path, &prefix_cases[i], test_prefix);
    }
  g_test_add_func ("/mamori/probe/network-prefix/diversity", test_prefix_diversity);
  return g_test_run ();
}

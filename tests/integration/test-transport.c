/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * domain.mta_sts, domain.tls_rpt, domain.caa and domain.nameservers through mamori-cli
 * against the DNS lab and the web lab, nested:
 *
 *   dns-lab.py run -- web-lab.py run -- test-transport
 *
 * Every zone of tests/lab/zones/{mta-sts,caa,ns}-* gives exactly the expected status per
 * facet; the HTTP probe is also tested on its own (redirects, size limit, TLS errors).
 *
 * The lab has one authoritative server. For the name server facets that need more (another
 * network, another SOA serial) this test runs small responders on other loopback networks
 * (127.0.1.53, 127.0.2.53) at the lab's port: they relay each question to the lab's knot and
 * answer authoritatively, one of them with the SOA serial raised.
 */
#include "config.h"

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "mamori-autocleanups.h"
#include "mamori-dns.h"
#include "mamori-dns-direct.h"
#include "mamori-http.h"
#include "mamori-test-utils.h"

static const char *
require_env (const char *name)
{
  const char *value = g_getenv (name);

  if (value == NULL || *value == '\0')
    g_error ("%s is not set: run this test through tests/lab/dns-lab.py run -- "
             "tests/lab/web-lab.py run -- … (meson test --suite integration does)", name);
  return value;
}

static const char *
auth_port (void)
{
  const char *auth = require_env ("MAMORI_LAB_AUTH");
  const char *colon = strrchr (auth, ':');

  g_assert_nonnull (colon);
  return colon + 1;
}

static gint
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

/* Runs the four checks on one domain; returns the parsed findings. */
static JsonArray *
check_json (const char  *domain,
            const char  *lang,
            JsonParser **parser_out)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  JsonParser *parser = json_parser_new ();
  const char *argv[] = {
    require_env ("MAMORI_CLI"), "check", "--no-store",
    "--trust-anchor", require_env ("MAMORI_LAB_TRUST_ANCHOR"),
    "--resolver", require_env ("MAMORI_LAB_RESOLVER"),
    "--ca-file", require_env ("MAMORI_WEB_CA"),
    "--https-port", require_env ("MAMORI_WEB_PORT"),
    "--ns-port", auth_port (),
    "--only", "domain.mta_sts,domain.tls_rpt,domain.caa,domain.nameservers",
    /* Everything answers from loopback; a silent address (ns-v6) should cost little. */
    "--timeout", "1",
    "--lang", lang, "--format", "json", domain, NULL
  };
  int status = mamori_test_spawn (argv, &out, &err);

  if (status != 0)
    g_test_message ("mamori-cli stderr: %s", err);
  g_assert_cmpint (status, ==, 0);
  json_parser_load_from_data (parser, out, -1, &error);
  g_assert_no_error (error);
  *parser_out = parser;
  return json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)),
                                       "findings");
}

/* "facet:status" of one check's findings, sorted, space-separated. */
static char *
summary (JsonArray  *findings,
         const char *check_id,
         const char *subject)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_free);
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < json_array_get_length (findings); i++)
    {
      JsonObject *f = json_array_get_object_element (findings, i);

      if (g_strcmp0 (json_object_get_string_member (f, "check_id"), check_id) != 0)
        continue;
      g_assert_cmpstr (json_object_get_string_member (f, "subject"), ==, subject);
      g_assert_cmpstr (json_object_get_string_member_with_default (f, "message", ""), !=, "");
      g_ptr_array_add (items, g_strdup_printf ("%s:%s",
                                               json_object_get_string_member_with_default (f, "facet", "-"),
                                               json_object_get_string_member (f, "status")));
    }
  g_ptr_array_sort (items, compare_strings);
  for (guint i = 0; i < items->len; i++)
    g_string_append_printf (text, "%s%s", i > 0 ? " " : "", (char *) items->pdata[i]);
  return g_string_free (text, FALSE);
}

static JsonObject *
find (JsonArray  *findings,
      const char *check_id,
      const char *facet,
      const char *status)
{
  for (guint i = 0; i < json_array_get_length (findings); i++)
    {
      JsonObject *f = json_array_get_object_element (findings, i);

      if (g_strcmp0 (json_object_get_string_member (f, "check_id"), check_id) == 0 &&
          g_strcmp0 (json_object_get_string_member_with_default (f, "facet", "-"), facet) == 0 &&
          (status == NULL ||
           g_strcmp0 (json_object_get_string_member (f, "status"), status) == 0))
        return f;
    }
  g_error ("no %s finding with facet %s (%s)", check_id, facet, status ? status : "any");
  return NULL;
}

/* --- extra name servers --------------------------------------------------------------- */

typedef struct {
  GSocket      *socket;
  GCancellable *cancellable;
  GThread      *thread;
  guint16       port;
  guint32       serial_add;   /* added to every SOA serial in answers */
} Responder;

static gpointer
responder_thread (gpointer data)
{
  Responder *self = data;
  guint8 buffer[4096];

  for (;;)
    {
      g_autoptr(GSocketAddress) from = NULL;
      g_autoptr(ldns_pkt) query = NULL;
      g_autoptr(ldns_pkt) answer = NULL;
      g_autofree char *qname = NULL;
      uint8_t *wire = NULL;
      size_t wire_len = 0;
      gssize n;
      const ldns_rr *question;

      n = g_socket_receive_from (self->socket, &from, (char *) buffer, sizeof buffer,
                                 self->cancellable, NULL);
      if (n <= 0)
        break;   /* cancelled: the test is over */
      if (ldns_wire2pkt (&query, buffer, (size_t) n) != LDNS_STATUS_OK ||
          ldns_rr_list_rr_count (ldns_pkt_question (query)) != 1)
        continue;
      question = ldns_rr_list_rr (ldns_pkt_question (query), 0);
      qname = mamori_dns_dname_to_string (ldns_rr_owner (question));
      answer = mamori_dns_direct_query ("127.0.0.1", self->port, qname,
                                        ldns_rr_get_type (question), 2000, NULL, NULL);
      if (answer == NULL)
        continue;
      ldns_pkt_set_id (answer, ldns_pkt_id (query));
      for (size_t i = 0; i < ldns_rr_list_rr_count (ldns_pkt_answer (answer)); i++)
        {
          ldns_rr *rr = ldns_rr_list_rr (ldns_pkt_answer (answer), i);

          if (ldns_rr_get_type (rr) == LDNS_RR_TYPE_SOA && self->serial_add != 0)
            {
              guint32 serial = ldns_rdf2native_int32 (ldns_rr_rdf (rr, 2)) + self->serial_add;
              ldns_rdf *old = ldns_rr_set_rdf (rr, ldns_native2rdf_int32 (LDNS_RDF_TYPE_INT32,
                                                                          serial), 2);
              ldns_rdf_deep_free (old);
            }
        }
      if (ldns_pkt2wire (&wire, answer, &wire_len) == LDNS_STATUS_OK)
        g_socket_send_to (self->socket, from, (const char *) wire, wire_len, NULL, NULL);
      free (wire);
    }
  return NULL;
}

static Responder *
responder_start (const char *address,
                 guint16     port,
                 guint32     serial_add)
{
  Responder *self = g_new0 (Responder, 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(GInetAddress) inet = g_inet_address_new_from_string (address);
  g_autoptr(GSocketAddress) bind_address = g_inet_socket_address_new (inet, port);

  self->socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_DATAGRAM,
                               G_SOCKET_PROTOCOL_UDP, &error);
  g_assert_no_error (error);
  g_socket_bind (self->socket, bind_address, FALSE, &error);
  g_assert_no_error (error);
  self->cancellable = g_cancellable_new ();
  self->port = port;
  self->serial_add = serial_add;
  self->thread = g_thread_new ("responder", responder_thread, self);
  return self;
}

static void
responder_stop (Responder *self)
{
  g_cancellable_cancel (self->cancellable);
  g_thread_join (self->thread);
  g_socket_close (self->socket, NULL);
  g_object_unref (self->socket);
  g_object_unref (self->cancellable);
  g_free (self);
}

typedef struct {
  const char *domain;
  const char *mta_sts;        /* expected facet:status list, sorted; NULL = not asserted */
  const char *tls_rpt;
  const char *caa;
  const char *nameservers;
  const char *message_part;   /* a substring of some finding's message, or NULL */
} Case;

#define NS_ONE "authoritative:pass count:fail network:warn serial:pass"
#define STS_OK "max_age:pass mode:pass mx:pass policy:pass record:pass"

static const Case cases[] = {
  { "mta-sts-ok.test", STS_OK, "record:pass", "record:info", NS_ONE, NULL },
  { "mta-sts-testing.test", "max_age:pass mode:warn mx:pass policy:pass record:pass",
    "record:info", NULL, NULL, "testing mode" },
  { "mta-sts-none.test", "mode:info policy:pass record:pass", NULL, NULL, NULL, "mode none" },
  { "mta-sts-mismatch.test", "max_age:pass mode:pass mx:fail policy:pass record:pass", NULL,
    NULL, NULL, "backup.mta-sts-mismatch.test" },
  { "mta-sts-wild.test", "max_age:warn mode:pass mx:pass policy:pass record:pass", NULL, NULL,
    NULL, "3600" },
  { "mta-sts-404.test", "policy:fail record:pass", NULL, NULL, NULL, "HTTP 404" },
  { "mta-sts-redirect.test", "policy:fail record:pass", NULL, NULL, NULL, "redirect (HTTP 301" },
  { "mta-sts-untrusted.test", "policy:fail record:pass", NULL, NULL, NULL, "certificate" },
  { "mta-sts-badpolicy.test", "policy:fail record:pass", NULL, NULL, NULL, "“strict”" },
  { "mta-sts-html.test", "max_age:pass mode:pass mx:pass policy:warn record:pass", NULL, NULL,
    NULL, "text/html" },
  { "mta-sts-noaddr.test", "policy:fail record:pass", NULL, NULL, NULL, "no address" },
  { "mta-sts-badtxt.test", "record:fail", "record:fail", NULL, NULL, "2026-11-23" },
  { "mta-sts-multi.test", "record:fail", "record:fail", NULL, NULL, "has 2 MTA-STS records" },
  { "mta-sts-missing.test", "record:info", "record:info", "record:info", NS_ONE, NULL },
  { "caa-ok.test", NULL, NULL, "record:pass", NULL, "letsencrypt.org" },
  { "sub.caa-ok.test", NULL, NULL, "record:pass", NULL, "CAA records at caa-ok.test" },
  { "caa-deny.test", NULL, NULL, "record:pass", NULL, "allow no certificate authority" },
  { "caa-bad.test", NULL, NULL, "record:fail", NULL, "letsencrypt.org; =yes" },
  { "caa-critical.test", NULL, NULL, "record:fail", NULL, "“tbs”" },
  { "caa-iodef.test", NULL, NULL, "record:info", NULL, "do not restrict" },
  { "ns-ok.test", NULL, NULL, NULL, "authoritative:pass count:pass network:warn serial:pass",
    "127.0.0.0/24" },
  /* No MX: MTA-STS and TLS-RPT do not apply. */
  { "ns-single.test", "record:not_applicable", "record:not_applicable", "record:info", NS_ONE,
    "only one name server (ns1.test)" },
  { "ns-diverse.test", NULL, NULL, NULL,
    "authoritative:pass count:pass network:pass serial:pass", "on 2 different networks" },
  { "ns-serial.test", NULL, NULL, NULL,
    "authoritative:pass count:pass network:pass serial:warn", "different versions" },
  { "ns-broken.test", NULL, NULL, NULL,
    "authoritative:fail count:pass network:warn serial:pass", "ns-lame.test (127.0.0.2)" },
};

static gboolean
any_message_contains (JsonArray  *findings,
                      const char *part)
{
  for (guint i = 0; i < json_array_get_length (findings); i++)
    {
      JsonObject *f = json_array_get_object_element (findings, i);

      if (strstr (json_object_get_string_member_with_default (f, "message", ""), part) != NULL)
        return TRUE;
    }
  return FALSE;
}

static void
test_case (gconstpointer data)
{
  const Case *tc = data;
  g_autoptr(JsonParser) parser = NULL;
  JsonArray *findings = check_json (tc->domain, "en", &parser);
  const char *expected[] = { tc->mta_sts, tc->tls_rpt, tc->caa, tc->nameservers };
  const char *ids[] = { "domain.mta_sts", "domain.tls_rpt", "domain.caa", "domain.nameservers" };

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      g_autofree char *got = summary (findings, ids[i], tc->domain);

      /* Every check ran and said something, also where the row does not pin it down. */
      g_assert_cmpstr (got, !=, "");
      if (expected[i] != NULL)
        g_assert_cmpstr (got, ==, expected[i]);
    }
  if (tc->message_part != NULL && !any_message_contains (findings, tc->message_part))
    g_error ("no message of %s contains “%s”", tc->domain, tc->message_part);
}

/* The remediations carry the exact records to publish. */
static void
test_remediation_records (void)
{
  g_autoptr(JsonParser) parser = NULL;
  JsonArray *findings = check_json ("mta-sts-missing.test", "en", &parser);
  JsonObject *f;
  const char *record;

  f = find (findings, "domain.mta_sts", "record", "info");
  record = json_object_get_string_member (f, "record");
  g_assert_true (g_str_has_prefix (record, "_mta-sts.mta-sts-missing.test. IN TXT \"v=STSv1; id="));
  g_assert_nonnull (strstr (json_object_get_string_member (f, "remediation"),
                            "version: STSv1\nmode: testing\nmx: mail.mta-sts-missing.test\n"
                            "max_age: 604800\n"));

  f = find (findings, "domain.tls_rpt", "record", "info");
  g_assert_cmpstr (json_object_get_string_member (f, "record"), ==,
                   "_smtp._tls.mta-sts-missing.test. IN TXT \"v=TLSRPTv1; "
                   "rua=mailto:tls-reports@mta-sts-missing.test\"");

  f = find (findings, "domain.caa", "record", "info");
  g_assert_cmpstr (json_object_get_string_member (f, "record"), ==,
                   "mta-sts-missing.test. IN CAA 0 issue \"letsencrypt.org\"\n"
                   "mta-sts-missing.test. IN CAA 0 iodef \"mailto:security@mta-sts-missing.test\"");
}

static void
test_mismatch_evidence (void)
{
  g_autoptr(JsonParser) parser = NULL;
  JsonArray *findings = check_json ("mta-sts-mismatch.test", "en", &parser);
  JsonObject *f = find (findings, "domain.mta_sts", "mx", "fail");
  JsonObject *evidence = json_object_get_object_member (f, "evidence");
  JsonArray *unmatched = json_object_get_array_member (evidence, "unmatched");

  g_assert_cmpuint (json_array_get_length (unmatched), ==, 1);
  g_assert_cmpstr (json_array_get_string_element (unmatched, 0), ==,
                   "backup.mta-sts-mismatch.test");
  /* The fixed policy lists both servers. */
  g_assert_cmpstr (json_object_get_string_member (f, "record"), ==,
                   "version: STSv1\nmode: enforce\nmx: mail.mta-sts-mismatch.test\n"
                   "mx: backup.mta-sts-mismatch.test\nmax_age: 604800\n");
}

/* Silent IPv6 addresses are "not tested" when no IPv6 address answered but IPv4 did. */
static void
test_ipv6_not_tested (void)
{
  g_autoptr(JsonParser) parser = NULL;
  JsonArray *findings = check_json ("ns-v6.test", "en", &parser);
  g_autofree char *got = summary (findings, "domain.nameservers", "ns-v6.test");
  JsonObject *f = find (findings, "domain.nameservers", "authoritative", "pass");
  JsonArray *answers = json_object_get_array_member (json_object_get_object_member (f, "evidence"),
                                                     "answers");
  gboolean found = FALSE;

  g_assert_cmpstr (got, ==, "authoritative:pass count:pass network:pass serial:pass");
  for (guint i = 0; i < json_array_get_length (answers); i++)
    {
      const char *line = json_array_get_string_element (answers, i);

      if (g_str_has_prefix (line, "ns6.ns-v6.test ::1: not tested"))
        found = TRUE;
    }
  g_assert_true (found);
}

static void
test_japanese (void)
{
  g_autoptr(JsonParser) parser = NULL;
  JsonArray *findings = check_json ("mta-sts-testing.test", "ja", &parser);
  JsonObject *f = find (findings, "domain.mta_sts", "mode", "warn");
  const char *message = json_object_get_string_member (f, "message");

  /* Translated: the message holds Japanese (not the English msgid). */
  g_assert_null (strstr (message, "testing mode"));
  g_assert_true (g_utf8_validate (message, -1, NULL));
  g_assert_nonnull (strstr (message, "テスト"));
}

/* --- the HTTP probe on its own ---------------------------------------------------------- */

static GStrv
lab_connect_to (const char *host)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MamoriCheckOptions) options = mamori_test_lab_options ();
  g_autoptr(MamoriDns) dns = mamori_dns_new (options, &error);
  guint64 port = 0;
  GStrv connect_to;

  g_assert_no_error (error);
  g_assert_true (g_ascii_string_to_unsigned (require_env ("MAMORI_WEB_PORT"), 10, 1, 65535,
                                             &port, NULL));
  connect_to = mamori_http_connect_to_from_dns (dns, host, 443, (guint) port, NULL, &error);
  g_assert_no_error (error);
  return connect_to;
}

typedef struct {
  const char *name;
  const char *host;
  const char *path;
  gboolean    follow;
  gsize       max_size;
  gboolean    with_ca;
  guint       status;        /* expected HTTP status, 0 = error */
  int         error_code;    /* MamoriHttpError when status is 0 */
} HttpCase;

static const HttpCase http_cases[] = {
  { "ok", "mta-sts.mta-sts-ok.test", "/.well-known/mta-sts.txt", FALSE, 0, TRUE, 200 },
  { "not-found", "mta-sts.mta-sts-ok.test", "/nothing", FALSE, 0, TRUE, 404 },
  { "redirect-not-followed", "mta-sts.mta-sts-redirect.test", "/.well-known/mta-sts.txt",
    FALSE, 0, TRUE, 301 },
  { "redirect-followed", "mta-sts.mta-sts-redirect.test", "/.well-known/mta-sts.txt", TRUE, 0,
    TRUE, 200 },
  { "too-large", "mta-sts.mta-sts-ok.test", "/.well-known/mta-sts.txt", FALSE, 10, TRUE, 0,
    MAMORI_HTTP_ERROR_TOO_LARGE },
  { "untrusted", "mta-sts.mta-sts-untrusted.test", "/.well-known/mta-sts.txt", FALSE, 0, TRUE, 0,
    MAMORI_HTTP_ERROR_TLS_VERIFY },
  { "no-ca", "mta-sts.mta-sts-ok.test", "/.well-known/mta-sts.txt", FALSE, 0, FALSE, 0,
    MAMORI_HTTP_ERROR_TLS_VERIFY },
};

static void
test_http (gconstpointer data)
{
  const HttpCase *tc = data;
  /* A followed redirect goes to another name: then send every name to the lab. */
  g_autofree char *any_host = g_strdup_printf ("::127.0.0.1:%s", require_env ("MAMORI_WEB_PORT"));
  g_auto(GStrv) connect_to = tc->follow ? g_strsplit (any_host, "\n", -1)
                                        : lab_connect_to (tc->host);
  g_autofree char *url = g_strdup_printf ("https://%s%s", tc->host, tc->path);
  g_autofree char *empty_ca = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(MamoriHttpResponse) response = NULL;
  MamoriHttpOptions options = { 0 };

  options.timeout_ms = 5000;
  options.max_size = tc->max_size;
  options.follow_redirects = tc->follow;
  if (tc->with_ca)
    {
      options.ca_file = require_env ("MAMORI_WEB_CA");
    }
  else
    {
      /* Another CA than the lab's: the system store may hold anything. */
      empty_ca = g_build_filename (require_env ("MAMORI_WEB_DIR"), "rogue.pem", NULL);
      options.ca_file = empty_ca;
    }
  options.connect_to = (const char * const *) connect_to;

  response = mamori_http_get (url, &options, NULL, &error);
  if (tc->status == 0)
    {
      g_assert_null (response);
      g_assert_error (error, MAMORI_HTTP_ERROR, tc->error_code);
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
      g_assert_nonnull (strstr (error->message, url));
      return;
    }
  g_assert_no_error (error);
  g_assert_cmpuint (response->status, ==, tc->status);
  if (tc->status == 200)
    {
      g_assert_cmpstr (mamori_http_response_get_header (response, "content-type"), ==,
                       "text/plain");
      g_assert_cmpuint (g_bytes_get_size (response->body), >, 0);
    }
  if (tc->status == 301)
    g_assert_cmpstr (mamori_http_response_get_header (response, "Location"), ==,
                     "https://mta-sts.mta-sts-ok.test/.well-known/mta-sts.txt");
}

static void
test_http_cancelled (void)
{
  g_auto(GStrv) connect_to = lab_connect_to ("mta-sts.mta-sts-ok.test");
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  MamoriHttpResponse *response;
  MamoriHttpOptions options = { 0 };

  options.ca_file = require_env ("MAMORI_WEB_CA");
  options.connect_to = (const char * const *) connect_to;
  g_cancellable_cancel (cancellable);
  response = mamori_http_get ("https://mta-sts.mta-sts-ok.test/.well-known/mta-sts.txt",
                              &options, cancellable, &error);
  g_assert_null (response);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/mamori/integration/transport/%s",
                                               cases[i].domain);
      g_test_add_data_func (path, &cases[i], test_case);
    }
  g_test_add_func ("/mamori/integration/transport/remediation-records", test_remediation_records);
  g_test_add_func ("/mamori/integration/transport/mismatch-evidence", test_mismatch_evidence);
  g_test_add_func ("/mamori/integration/transport/ipv6-not-tested", test_ipv6_not_tested);
  g_test_add_func ("/mamori/integration/transport/japanese", test_japanese);
  for (guint i = 0; i < G_N_ELEMENTS (http_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/mamori/integration/http/%s", http_cases[i].name);
      g_test_add_data_func (path, &http_cases[i], test_http);
    }
  g_test_add_func ("/mamori/integration/http/cancelled", test_http_cancelled);

  {
    guint64 port = 0;
    Responder *same, *newer;
    int status;

    g_assert_true (g_ascii_string_to_unsigned (auth_port (), 10, 1, 65535, &port, NULL));
    same = responder_start ("127.0.1.53", (guint16) port, 0);
    newer = responder_start ("127.0.2.53", (guint16) port, 1);
    status = g_test_run ();
    responder_stop (same);
    responder_stop (newer);
    return status;
  }
}

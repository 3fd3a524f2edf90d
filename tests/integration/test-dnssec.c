/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * DNSSEC validation and domain.dnssec against the DNS lab (tests/lab/dns-lab.py): each
 * dnssec-* zone of tests/lab/zones gives exactly the expected state, reason and facets, and
 * Mamori agrees with the lab's validating unbound (AD bit for secure, no AD for insecure,
 * SERVFAIL for bogus). Also: a wrong trust anchor, an unreachable resolver, and mamori-cli
 * with --trust-anchor.
 */
#include "config.h"

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "mamori-check.h"
#include "mamori-check-context.h"
#include "mamori-dns.h"
#include "mamori-dnssec.h"
#include "mamori-error.h"
#include "mamori-test-utils.h"

extern const MamoriCheckDescriptor mamori_check_dnssec;

typedef enum {
  UNBOUND_AD,         /* NOERROR or NXDOMAIN with AD: unbound validated it as secure */
  UNBOUND_NO_AD,      /* NOERROR or NXDOMAIN without AD: insecure */
  UNBOUND_SERVFAIL,   /* bogus */
} UnboundVerdict;

typedef struct {
  const char         *name;
  MamoriDnssecState   state;
  MamoriDnssecReason  reason;
  const char         *reason_zone;
  ldns_rr_type        unbound_type;   /* what unbound is asked, without CD */
  UnboundVerdict      unbound;
  const char         *facets;         /* domain.dnssec "facet=status …" in order; NULL: skip */
} Case;

static const Case cases[] = {
  { "dnssec-secure.test", MAMORI_DNSSEC_STATE_SECURE, MAMORI_DNSSEC_REASON_NONE,
    "dnssec-secure.test", LDNS_RR_TYPE_SOA, UNBOUND_AD,
    "chain=pass algorithm=pass nsec3=pass expiry=pass ds_digest=pass" },
  /* Not an apex: the SOA is denied by a signed NSEC. */
  { "www.dnssec-secure.test", MAMORI_DNSSEC_STATE_SECURE, MAMORI_DNSSEC_REASON_NONE,
    "www.dnssec-secure.test", LDNS_RR_TYPE_SOA, UNBOUND_AD,
    "chain=pass algorithm=pass nsec3=pass expiry=pass ds_digest=pass" },
  { "nx.dnssec-secure.test", MAMORI_DNSSEC_STATE_SECURE, MAMORI_DNSSEC_REASON_NONE,
    "nx.dnssec-secure.test", LDNS_RR_TYPE_SOA, UNBOUND_AD, NULL },
  { "nx.dnssec-nsec3.test", MAMORI_DNSSEC_STATE_SECURE, MAMORI_DNSSEC_REASON_NONE,
    "nx.dnssec-nsec3.test", LDNS_RR_TYPE_SOA, UNBOUND_AD, NULL },
  { "dnssec-nsec3.test", MAMORI_DNSSEC_STATE_SECURE, MAMORI_DNSSEC_REASON_NONE,
    "dnssec-nsec3.test", LDNS_RR_TYPE_SOA, UNBOUND_AD,
    "chain=pass algorithm=pass nsec3=pass expiry=pass ds_digest=pass" },
  { "dnssec-nsec3-salted.test", MAMORI_DNSSEC_STATE_SECURE, MAMORI_DNSSEC_REASON_NONE,
    "dnssec-nsec3-salted.test", LDNS_RR_TYPE_SOA, UNBOUND_AD,
    "chain=pass algorithm=pass nsec3=warn expiry=pass ds_digest=pass" },
  { "dnssec-expiring.test", MAMORI_DNSSEC_STATE_SECURE, MAMORI_DNSSEC_REASON_NONE,
    "dnssec-expiring.test", LDNS_RR_TYPE_SOA, UNBOUND_AD,
    "chain=pass algorithm=pass nsec3=pass expiry=warn ds_digest=pass" },
  /* ldns-key2ds gives an RSA/SHA-1 key a SHA-1 DS, as registrars of that era did. */
  { "dnssec-rsasha1.test", MAMORI_DNSSEC_STATE_SECURE, MAMORI_DNSSEC_REASON_NONE,
    "dnssec-rsasha1.test", LDNS_RR_TYPE_SOA, UNBOUND_AD,
    "chain=pass algorithm=warn nsec3=pass expiry=pass ds_digest=warn" },
  { "dnssec-ds-sha1.test", MAMORI_DNSSEC_STATE_SECURE, MAMORI_DNSSEC_REASON_NONE,
    "dnssec-ds-sha1.test", LDNS_RR_TYPE_SOA, UNBOUND_AD,
    "chain=pass algorithm=pass nsec3=pass expiry=pass ds_digest=warn" },
  { "dnssec-insecure.test", MAMORI_DNSSEC_STATE_INSECURE,
    MAMORI_DNSSEC_REASON_UNSIGNED_DELEGATION, "dnssec-insecure.test", LDNS_RR_TYPE_SOA,
    UNBOUND_NO_AD, "chain=fail" },
  { "www.dnssec-insecure.test", MAMORI_DNSSEC_STATE_INSECURE,
    MAMORI_DNSSEC_REASON_UNSIGNED_DELEGATION, "dnssec-insecure.test", LDNS_RR_TYPE_SOA,
    UNBOUND_NO_AD, "chain=fail" },
  { "dnssec-island.test", MAMORI_DNSSEC_STATE_INSECURE,
    MAMORI_DNSSEC_REASON_UNSIGNED_DELEGATION, "dnssec-island.test", LDNS_RR_TYPE_SOA,
    UNBOUND_NO_AD, "chain=fail" },
  /* Nothing serves the unsigned child, so unbound is asked for what it can prove: that
   * there is no DS (a secure NODATA). */
  { "unsigned.dnssec-parent.test", MAMORI_DNSSEC_STATE_INSECURE,
    MAMORI_DNSSEC_REASON_UNSIGNED_DELEGATION, "unsigned.dnssec-parent.test", LDNS_RR_TYPE_DS,
    UNBOUND_AD, "chain=fail" },
  /* DS records only for algorithms that must not be validated: unsigned (RFC 4035 §5.2). */
  { "gost.dnssec-parent.test", MAMORI_DNSSEC_STATE_INSECURE,
    MAMORI_DNSSEC_REASON_UNSUPPORTED_ALGORITHM, "gost.dnssec-parent.test", LDNS_RR_TYPE_DS,
    UNBOUND_AD, "chain=fail" },
  { "rsamd5.dnssec-parent.test", MAMORI_DNSSEC_STATE_INSECURE,
    MAMORI_DNSSEC_REASON_UNSUPPORTED_ALGORITHM, "rsamd5.dnssec-parent.test", LDNS_RR_TYPE_DS,
    UNBOUND_AD, "chain=fail" },
  { "dnssec-bogus-ds.test", MAMORI_DNSSEC_STATE_BOGUS, MAMORI_DNSSEC_REASON_DS_MISMATCH,
    "dnssec-bogus-ds.test", LDNS_RR_TYPE_SOA, UNBOUND_SERVFAIL,
    "chain=fail algorithm=pass nsec3=pass expiry=pass ds_digest=pass" },
  { "dnssec-expired.test", MAMORI_DNSSEC_STATE_BOGUS, MAMORI_DNSSEC_REASON_SIGNATURE_EXPIRED,
    "dnssec-expired.test", LDNS_RR_TYPE_SOA, UNBOUND_SERVFAIL,
    "chain=fail algorithm=pass nsec3=pass expiry=fail ds_digest=pass" },
  { "dnssec-not-yet-valid.test", MAMORI_DNSSEC_STATE_BOGUS,
    MAMORI_DNSSEC_REASON_SIGNATURE_NOT_YET_VALID, "dnssec-not-yet-valid.test",
    LDNS_RR_TYPE_SOA, UNBOUND_SERVFAIL,
    "chain=fail algorithm=pass nsec3=pass expiry=pass ds_digest=pass" },
};

static MamoriDns *
lab_dns (void)
{
  g_autoptr(MamoriCheckOptions) options = mamori_test_lab_options ();
  g_autoptr(GError) error = NULL;
  MamoriDns *dns = mamori_dns_new (options, &error);

  g_assert_no_error (error);
  return dns;
}

static char *
facets_of (GPtrArray *findings)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < findings->len; i++)
    {
      MamoriFinding *finding = g_ptr_array_index (findings, i);

      g_string_append_printf (text, "%s%s=%s", i > 0 ? " " : "",
                              mamori_finding_get_facet (finding),
                              mamori_status_to_string (mamori_finding_get_status (finding)));
    }
  return g_strdup (text->str);
}

static void
test_zone (gconstpointer data)
{
  const Case *c = data;
  g_autoptr(MamoriDns) dns = lab_dns ();
  g_autoptr(MamoriDnssecResult) result = NULL;
  g_autoptr(MamoriDnsResponse) unbound = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  result = mamori_dnssec_validate (dns, c->name, LDNS_RR_TYPE_SOA, 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (result);
  g_test_message ("%s: %s/%s after %u queries", c->name,
                  mamori_dnssec_state_to_string (result->state),
                  mamori_dnssec_reason_to_string (result->reason),
                  mamori_dns_get_query_count (dns));
  g_assert_cmpstr (mamori_dnssec_state_to_string (result->state), ==,
                   mamori_dnssec_state_to_string (c->state));
  g_assert_cmpstr (mamori_dnssec_reason_to_string (result->reason), ==,
                   mamori_dnssec_reason_to_string (c->reason));
  g_assert_cmpstr (result->reason_zone, ==, c->reason_zone);
  /* The chain starts at the anchor and, for what got that far, reaches the zone. */
  g_assert_cmpuint (result->chain->len, >=, 2);
  g_assert_cmpstr (((MamoriDnssecZone *) g_ptr_array_index (result->chain, 0))->name, ==, ".");
  g_assert_cmpstr (((MamoriDnssecZone *) g_ptr_array_index (result->chain, 1))->name, ==, "test");
  text = mamori_dnssec_result_describe (result);
  g_assert_null (strstr (text, "{"));
  g_assert_nonnull (strstr (text, c->reason_zone));
  if (c->reason == MAMORI_DNSSEC_REASON_UNSUPPORTED_ALGORITHM)
    {
      g_assert_cmpint (result->algorithm, ==, g_str_has_prefix (c->name, "gost.") ? 12 : 1);
      g_assert_nonnull (strstr (text, g_str_has_prefix (c->name, "gost.") ? "12" : "1"));
    }
  if (c->reason == MAMORI_DNSSEC_REASON_SIGNATURE_EXPIRED ||
      c->reason == MAMORI_DNSSEC_REASON_SIGNATURE_NOT_YET_VALID)
    {
      gint64 now = g_get_real_time () / G_USEC_PER_SEC;

      g_assert_cmpint (result->key_tag, !=, 0);
      g_assert_cmpint (result->algorithm, ==, LDNS_ECDSAP256SHA256);
      if (c->reason == MAMORI_DNSSEC_REASON_SIGNATURE_EXPIRED)
        g_assert_cmpint (result->expiration, <, now);
      else
        g_assert_cmpint (result->inception, >, now);
    }

  /* The peer: the lab's validating unbound, asked without CD. */
  unbound = mamori_dns_query (dns, c->name, c->unbound_type, MAMORI_DNS_FLAGS_NO_CACHE, NULL,
                              &error);
  g_assert_no_error (error);
  switch (c->unbound)
    {
    case UNBOUND_AD:
      g_assert_cmpint (mamori_dns_response_get_rcode (unbound), !=, LDNS_RCODE_SERVFAIL);
      g_assert_true (mamori_dns_response_get_ad (unbound));
      break;
    case UNBOUND_NO_AD:
      g_assert_cmpint (mamori_dns_response_get_rcode (unbound), !=, LDNS_RCODE_SERVFAIL);
      g_assert_false (mamori_dns_response_get_ad (unbound));
      break;
    case UNBOUND_SERVFAIL:
      g_assert_cmpint (mamori_dns_response_get_rcode (unbound), ==, LDNS_RCODE_SERVFAIL);
      break;
    default:
      g_assert_not_reached ();
    }

  /* The check on the same zone. */
  if (c->facets != NULL)
    {
      g_autoptr(MamoriCheckOptions) options = mamori_test_lab_options ();
      g_autoptr(MamoriCheckContext) ctx = mamori_check_context_new ("domain.dnssec", c->name,
                                                                    NULL, options, dns, NULL);
      g_autofree char *facets = NULL;
      MamoriFinding *chain;

      g_assert_true (mamori_check_dnssec.run (ctx, &error));
      g_assert_no_error (error);
      facets = facets_of (mamori_check_context_get_findings (ctx));
      g_assert_cmpstr (facets, ==, c->facets);
      chain = g_ptr_array_index (mamori_check_context_get_findings (ctx), 0);
      g_assert_cmpstr (json_object_get_string_member (mamori_finding_get_evidence (chain),
                                                      "reason"), ==,
                       mamori_dnssec_reason_to_string (c->reason));
      if (c->state == MAMORI_DNSSEC_STATE_BOGUS)
        g_assert_cmpint (mamori_finding_get_severity (chain), ==, MAMORI_SEVERITY_HIGH);
      if (c->state != MAMORI_DNSSEC_STATE_SECURE)
        g_assert_nonnull (mamori_finding_get_remediation_id (chain));
      if (c->reason == MAMORI_DNSSEC_REASON_DS_MISMATCH)
        {
          /* The remediation carries the DS that would fix it: the zone's real key. */
          const char *record = mamori_finding_get_record (chain);

          g_assert_nonnull (record);
          g_assert_true (g_str_has_prefix (record, "dnssec-bogus-ds.test.\t3600\tIN\tDS\t"));
        }
    }
}

typedef struct {
  MamoriDns *dns;
  guint      offset;
  gint       mismatches;   /* atomic */
} ThreadsData;

static gpointer
validate_all_thread (gpointer data)
{
  ThreadsData *td = data;
  guint offset = (guint) g_atomic_int_add (&td->offset, 1);

  /* Each thread starts at another zone, so that the threads meet on shared questions in
   * every order. */
  for (guint n = 0; n < G_N_ELEMENTS (cases); n++)
    {
      const Case *c = &cases[(n + offset * 5) % G_N_ELEMENTS (cases)];
      g_autoptr(GError) error = NULL;
      g_autoptr(MamoriDnssecResult) result = mamori_dnssec_validate (td->dns, c->name,
                                                                     LDNS_RR_TYPE_SOA, 0,
                                                                     NULL, &error);

      if (result == NULL || result->state != c->state || result->reason != c->reason)
        g_atomic_int_inc (&td->mismatches);
    }
  return NULL;
}

/* Checks run in parallel threads that share one probe (and its cache). */
static void
test_threads (void)
{
  ThreadsData td = { 0 };
  GThread *threads[6];

  td.dns = lab_dns ();
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    threads[i] = g_thread_new ("dnssec", validate_all_thread, &td);
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    g_thread_join (threads[i]);
  g_assert_cmpint (g_atomic_int_get (&td.mismatches), ==, 0);
  mamori_dns_unref (td.dns);
}

/* A trust anchor that matches no root key: everything is bogus at the top. */
static void
test_wrong_anchor (void)
{
  g_autoptr(MamoriCheckOptions) options = mamori_test_lab_options ();
  g_autofree char *dir = mamori_test_mkdtemp ();
  g_autofree char *path = g_build_filename (dir, "wrong.ds", NULL);
  g_autoptr(MamoriDns) dns = NULL;
  g_autoptr(MamoriDnssecResult) result = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (path, ". IN DS 4242 13 2 "
                                      "0000000000000000000000000000000000000000000000000000000000000000\n",
                                      -1, &error));
  g_free (options->trust_anchor_file);
  options->trust_anchor_file = g_strdup (path);
  dns = mamori_dns_new (options, &error);
  g_assert_no_error (error);
  result = mamori_dnssec_validate (dns, "dnssec-secure.test", LDNS_RR_TYPE_SOA, 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (result->state, ==, MAMORI_DNSSEC_STATE_BOGUS);
  g_assert_cmpint (result->reason, ==, MAMORI_DNSSEC_REASON_ANCHOR_MISMATCH);
  g_assert_cmpstr (result->reason_zone, ==, ".");
  g_assert_cmpuint (result->key_tag, ==, 4242);
  mamori_test_rmdir_recursive (dir);
}

static guint16
dead_port (void)
{
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_DATAGRAM,
                                            G_SOCKET_PROTOCOL_UDP, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_socket_bind (socket, address, FALSE, &error));
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  /* Closed when the socket goes: nothing answers there afterwards. */
  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

/* No answer is not a verdict: the check reports an error, never pass or fail. */
static void
test_unreachable_resolver (void)
{
  g_autoptr(MamoriCheckOptions) options = mamori_test_lab_options ();
  g_autoptr(MamoriDns) dns = NULL;
  g_autoptr(MamoriDnssecResult) result = NULL;
  g_autoptr(MamoriCheckContext) ctx = NULL;
  g_autoptr(GError) error = NULL;

  g_free (options->resolver);
  options->resolver = g_strdup_printf ("127.0.0.1:%u", dead_port ());
  options->timeout_ms = 300;
  options->retries = 0;
  dns = mamori_dns_new (options, &error);
  g_assert_no_error (error);
  result = mamori_dnssec_validate (dns, "dnssec-secure.test", LDNS_RR_TYPE_SOA, 0, NULL, &error);
  g_assert_null (result);
  g_assert_error (error, MAMORI_ERROR, MAMORI_ERROR_TIMEOUT);
  g_clear_error (&error);

  ctx = mamori_check_context_new ("domain.dnssec", "dnssec-secure.test", NULL, options, dns,
                                  NULL);
  g_assert_false (mamori_check_dnssec.run (ctx, &error));
  g_assert_nonnull (error);
  g_assert_cmpuint (mamori_check_context_get_findings (ctx)->len, ==, 0);
}

/* The CLI takes --trust-anchor through to the validator. */
static void
test_cli (void)
{
  const char *argv[] = {
    g_getenv ("MAMORI_CLI"), "check", "--no-store", "--only", "domain.dnssec",
    "--resolver", g_getenv ("MAMORI_LAB_RESOLVER"),
    "--trust-anchor", g_getenv ("MAMORI_LAB_TRUST_ANCHOR"),
    "--format", "json", "dnssec-bogus-ds.test", NULL
  };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonArray *findings;
  JsonObject *chain;
  int status;

  g_assert_nonnull (argv[0]);
  status = mamori_test_spawn (argv, &out, &err);
  g_test_message ("stderr: %s", err);
  g_assert_cmpint (status, ==, 0);
  g_assert_true (json_parser_load_from_data (parser, out, -1, &error));
  g_assert_no_error (error);
  findings = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)),
                                           "findings");
  g_assert_cmpuint (json_array_get_length (findings), >=, 1);
  chain = json_array_get_object_element (findings, 0);
  g_assert_cmpstr (json_object_get_string_member (chain, "check_id"), ==, "domain.dnssec");
  g_assert_cmpstr (json_object_get_string_member (chain, "facet"), ==, "chain");
  g_assert_cmpstr (json_object_get_string_member (chain, "status"), ==, "fail");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (chain,
                                                                                 "evidence"),
                                                  "reason"), ==, "ds-mismatch");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/mamori/integration/dnssec/zone/%s",
                                               cases[i].name);
      g_test_add_data_func (path, &cases[i], test_zone);
    }
  g_test_add_func ("/mamori/integration/dnssec/threads", test_threads);
  g_test_add_func ("/mamori/integration/dnssec/anchor/wrong", test_wrong_anchor);
  g_test_add_func ("/mamori/integration/dnssec/resolver/unreachable", test_unreachable_resolver);
  g_test_add_func ("/mamori/integration/dnssec/cli/trust-anchor", test_cli);
  return g_test_run ();
}

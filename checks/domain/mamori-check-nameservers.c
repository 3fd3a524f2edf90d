/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * domain.nameservers: can the domain's name servers be relied on. Facets: count (at least
 * two, RFC 1034 §4.1 / RFC 2182 §5), network (on more than one network: different /24 for
 * IPv4, /48 for IPv6), authoritative (every server answers the SOA with the AA bit; one that
 * does not is a lame delegation), serial (all serve the same SOA serial).
 *
 * Each server is asked directly, not through the resolver, because the point is what each
 * one answers. MamoriCheckOptions.dns_port_override exists for the test lab only, where all
 * servers listen on one free loopback port instead of 53.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "mamori-autocleanups.h"
#include "mamori-check.h"
#include "mamori-dns.h"
#include "mamori-dns-direct.h"

#define CHECK_ID "domain.nameservers"

typedef enum {
  SERVER_OK,
  SERVER_LAME,         /* answered, but not authoritatively */
  SERVER_NO_ANSWER,
} ServerState;

typedef struct {
  char        *ns;        /* name server name */
  char        *address;
  ServerState  state;
  guint32      serial;
  char        *detail;    /* for evidence: rcode/flags or the error */
} Server;

static void
server_free (Server *server)
{
  g_free (server->ns);
  g_free (server->address);
  g_free (server->detail);
  g_free (server);
}

/* The zone the domain is in: the domain itself when it has NS records, else the nearest
 * parent that has (a host name like www.example.jp is served by example.jp's servers). */
static gboolean
find_zone (MamoriCheckContext  *ctx,
           const char          *domain,
           char               **zone_out,
           GPtrArray          **ns_out,
           GError             **error)
{
  MamoriDns *dns = mamori_check_context_get_dns (ctx);

  for (const char *name = domain; name != NULL && strchr (name, '.') != NULL;
       name = strchr (name, '.') + 1)
    {
      g_autoptr(MamoriDnsResponse) response = NULL;
      g_autoptr(ldns_rr_list) ns = NULL;
      g_autoptr(ldns_rdf) owner = ldns_dname_new_frm_str (name);

      response = mamori_dns_query (dns, name, LDNS_RR_TYPE_NS, MAMORI_DNS_FLAGS_NONE,
                                   mamori_check_context_get_cancellable (ctx), error);
      if (response == NULL || !mamori_dns_response_check_rcode (response, name, error))
        return FALSE;
      ns = mamori_dns_response_get_answer (response, LDNS_RR_TYPE_NS);
      if (ldns_rr_list_rr_count (ns) > 0)
        {
          GPtrArray *names = g_ptr_array_new_with_free_func (g_free);

          for (size_t i = 0; i < ldns_rr_list_rr_count (ns); i++)
            {
              const ldns_rr *rr = ldns_rr_list_rr (ns, i);

              if (owner != NULL && ldns_dname_compare (ldns_rr_owner (rr), owner) != 0)
                continue;
              g_ptr_array_add (names, mamori_dns_dname_to_string (ldns_rr_rdf (rr, 0)));
            }
          if (names->len > 0)
            {
              *zone_out = g_strdup (name);
              *ns_out = names;
              return TRUE;
            }
          g_ptr_array_unref (names);
        }
    }
  *zone_out = NULL;
  *ns_out = NULL;
  return TRUE;
}

/* The A and AAAA addresses of a name server, as text. */
static GPtrArray *
lookup_addresses (MamoriCheckContext *ctx,
                  const char         *host)
{
  static const ldns_rr_type types[] = { LDNS_RR_TYPE_A, LDNS_RR_TYPE_AAAA };
  GPtrArray *addresses = g_ptr_array_new_with_free_func (g_free);

  for (guint t = 0; t < G_N_ELEMENTS (types); t++)
    {
      g_autoptr(MamoriDnsResponse) response = NULL;
      g_autoptr(ldns_rr_list) answer = NULL;

      response = mamori_dns_query (mamori_check_context_get_dns (ctx), host, types[t],
                                   MAMORI_DNS_FLAGS_NONE,
                                   mamori_check_context_get_cancellable (ctx), NULL);
      if (response == NULL || !mamori_dns_response_check_rcode (response, host, NULL))
        continue;
      answer = mamori_dns_response_get_answer (response, types[t]);
      for (size_t i = 0; i < ldns_rr_list_rr_count (answer); i++)
        g_ptr_array_add (addresses,
                         mamori_dns_rdf_to_string (ldns_rr_rdf (ldns_rr_list_rr (answer, i), 0)));
    }
  return addresses;
}

/* Asks one server directly for the zone's SOA and records what it said. */
static void
ask_server (MamoriCheckContext *ctx,
            const char         *zone,
            Server             *server)
{
  MamoriCheckOptions *options = mamori_check_context_get_options (ctx);
  g_autoptr(GError) error = NULL;
  g_autoptr(ldns_pkt) pkt = NULL;
  g_autoptr(ldns_rdf) zone_rdf = ldns_dname_new_frm_str (zone);
  ldns_rr_list *answer;
  ldns_lookup_table *rcode;

  pkt = mamori_dns_direct_query (server->address,
                                 (guint16) (options->dns_port_override != 0
                                            ? options->dns_port_override : 53),
                                 zone, LDNS_RR_TYPE_SOA, options->timeout_ms,
                                 mamori_check_context_get_cancellable (ctx), &error);
  if (pkt == NULL)
    {
      server->state = SERVER_NO_ANSWER;
      server->detail = g_strdup (error->message);
      return;
    }

  rcode = ldns_lookup_by_id (ldns_rcodes, ldns_pkt_get_rcode (pkt));
  server->state = SERVER_LAME;
  answer = ldns_pkt_answer (pkt);
  if (ldns_pkt_get_rcode (pkt) == LDNS_RCODE_NOERROR && ldns_pkt_aa (pkt))
    {
      for (size_t i = 0; i < ldns_rr_list_rr_count (answer); i++)
        {
          const ldns_rr *rr = ldns_rr_list_rr (answer, i);

          if (ldns_rr_get_type (rr) == LDNS_RR_TYPE_SOA && zone_rdf != NULL &&
              ldns_dname_compare (ldns_rr_owner (rr), zone_rdf) == 0 &&
              ldns_rr_rd_count (rr) >= 3)
            {
              server->state = SERVER_OK;
              server->serial = ldns_rdf2native_int32 (ldns_rr_rdf (rr, 2));
              break;
            }
        }
    }
  server->detail = g_strdup_printf ("%s%s", rcode != NULL ? rcode->name : "?",
                                    ldns_pkt_aa (pkt) ? " aa" : "");
}

typedef struct {
  MamoriCheckContext *ctx;
  const char         *zone;
  Server             *server;
} AskJob;

static gpointer
ask_thread (gpointer data)
{
  AskJob *job = data;

  ask_server (job->ctx, job->zone, job->server);
  return NULL;
}

/* At most this many servers are asked at once (a zone rarely has more addresses). */
#define MAX_PARALLEL 16

/* Every server at once: a server that does not answer costs its timeout, and several of
 * them one after another could exceed the check's time budget. */
static void
ask_all (MamoriCheckContext *ctx,
         const char         *zone,
         GPtrArray          *servers)
{
  for (guint start = 0; start < servers->len; start += MAX_PARALLEL)
    {
      GThread *threads[MAX_PARALLEL];
      AskJob jobs[MAX_PARALLEL];
      guint n = MIN (servers->len - start, MAX_PARALLEL);

      for (guint i = 0; i < n; i++)
        {
          jobs[i].ctx = ctx;
          jobs[i].zone = zone;
          jobs[i].server = g_ptr_array_index (servers, start + i);
          threads[i] = g_thread_new ("mamori-ns", ask_thread, &jobs[i]);
        }
      for (guint i = 0; i < n; i++)
        g_thread_join (threads[i]);
    }
}

static gboolean
is_ipv6 (const char *address)
{
  return strchr (address, ':') != NULL;
}

static gboolean
nameservers_run (MamoriCheckContext  *ctx,
                 GError             **error)
{
  MamoriDns *dns = mamori_check_context_get_dns (ctx);
  const char *domain = mamori_check_context_get_subject (ctx);
  g_autofree char *zone = NULL;
  g_autoptr(GPtrArray) ns_names = NULL;
  g_autoptr(GPtrArray) servers = g_ptr_array_new_with_free_func ((GDestroyNotify) server_free);
  g_autoptr(GHashTable) networks = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GStrvBuilder) all_addresses = g_strv_builder_new ();
  g_autoptr(GStrvBuilder) no_address = g_strv_builder_new ();
  g_autoptr(GStrvBuilder) results = g_strv_builder_new ();
  g_autoptr(GStrvBuilder) bad = g_strv_builder_new ();
  g_auto(GStrv) ns_strv = NULL;
  g_auto(GStrv) addresses_strv = NULL;
  g_auto(GStrv) no_address_strv = NULL;
  g_auto(GStrv) results_strv = NULL;
  g_auto(GStrv) bad_strv = NULL;
  g_autofree char *ns_count = NULL;
  guint n_addresses = 0;
  gboolean have_serial = FALSE, serials_agree = TRUE, skip_v6 = FALSE;
  guint32 first_serial = 0;
  MamoriFinding *f;

  if (!find_zone (ctx, domain, &zone, &ns_names, error))
    return FALSE;
  if (zone == NULL)
    {
      f = mamori_check_context_add_finding (ctx, MAMORI_STATUS_FAIL, MAMORI_SEVERITY_HIGH);
      mamori_finding_set_facet (f, "count");
      mamori_finding_set_message (f, N_("No name servers (NS records) were found for {0}: the "
                                        "domain cannot be looked up."),
                                  domain, NULL);
      mamori_finding_set_remediation (f, N_("Ask your registrar or DNS provider to set up the "
                                            "domain's name servers."),
                                      NULL);
      return TRUE;
    }

  {
    g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

    for (guint i = 0; i < ns_names->len; i++)
      {
        const char *ns = g_ptr_array_index (ns_names, i);

        g_strv_builder_add (builder, ns);
        mamori_dns_prefetch (dns, ns, LDNS_RR_TYPE_A, MAMORI_DNS_FLAGS_NONE);
        mamori_dns_prefetch (dns, ns, LDNS_RR_TYPE_AAAA, MAMORI_DNS_FLAGS_NONE);
      }
    ns_strv = g_strv_builder_end (builder);
  }
  ns_count = g_strdup_printf ("%u", ns_names->len);

  /* count */
  if (ns_names->len >= 2)
    {
      f = mamori_check_context_add_finding (ctx, MAMORI_STATUS_PASS, MAMORI_SEVERITY_INFO);
      mamori_finding_set_message (f, N_("{0} has {1} name servers."), zone, ns_count, NULL);
    }
  else
    {
      f = mamori_check_context_add_finding (ctx, MAMORI_STATUS_FAIL, MAMORI_SEVERITY_MEDIUM);
      mamori_finding_set_message (f, N_("{0} has only one name server ({1}): when it fails, "
                                        "nobody can reach your web site or send you mail."),
                                  zone, (const char *) g_ptr_array_index (ns_names, 0), NULL);
      mamori_finding_set_remediation (f, N_("Add at least one more name server on another "
                                            "network; most DNS providers give you two or "
                                            "more."),
                                      NULL);
    }
  mamori_finding_set_facet (f, "count");
  mamori_finding_add_evidence_string (f, "zone", zone);
  mamori_finding_add_evidence_strv (f, "ns", (const char * const *) ns_strv);

  /* Addresses, then one direct question to each. */
  for (guint i = 0; i < ns_names->len; i++)
    {
      const char *ns = g_ptr_array_index (ns_names, i);
      g_autoptr(GPtrArray) addresses = lookup_addresses (ctx, ns);

      if (mamori_check_context_set_error_if_cancelled (ctx, error))
        return FALSE;
      if (addresses->len == 0)
        {
          g_strv_builder_add (no_address, ns);
          g_strv_builder_add (bad, ns);
          continue;
        }
      for (guint j = 0; j < addresses->len; j++)
        {
          const char *address = g_ptr_array_index (addresses, j);
          char *prefix = mamori_dns_network_prefix (address, NULL);
          Server *server = g_new0 (Server, 1);

          if (prefix != NULL)
            g_hash_table_add (networks, prefix);
          g_strv_builder_add (all_addresses, address);
          n_addresses++;
          server->ns = g_strdup (ns);
          server->address = g_strdup (address);
          g_ptr_array_add (servers, server);
        }
    }
  ask_all (ctx, zone, servers);   /* joins every thread before it returns */
  if (mamori_check_context_set_error_if_cancelled (ctx, error))
    return FALSE;

  /* This computer may have no IPv6 connection at all: when no IPv6 address answered but an
   * IPv4 one did, the silent IPv6 addresses say nothing about the servers. */
  {
    gboolean v4_answered = FALSE, v6_answered = FALSE;

    for (guint i = 0; i < servers->len; i++)
      {
        Server *server = g_ptr_array_index (servers, i);

        if (server->state != SERVER_NO_ANSWER)
          {
            if (is_ipv6 (server->address))
              v6_answered = TRUE;
            else
              v4_answered = TRUE;
          }
      }
    skip_v6 = v4_answered && !v6_answered;
  }

  for (guint i = 0; i < servers->len; i++)
    {
      Server *server = g_ptr_array_index (servers, i);

      if (server->state == SERVER_OK)
        {
          g_autofree char *line = g_strdup_printf ("%s %s: %s serial %u", server->ns,
                                                   server->address, server->detail,
                                                   server->serial);
          g_strv_builder_add (results, line);
          if (!have_serial)
            first_serial = server->serial;
          else if (server->serial != first_serial)
            serials_agree = FALSE;
          have_serial = TRUE;
        }
      else if (server->state == SERVER_NO_ANSWER && skip_v6 && is_ipv6 (server->address))
        {
          g_autofree char *line = g_strdup_printf ("%s %s: not tested (no IPv6 here): %s",
                                                   server->ns, server->address, server->detail);
          g_strv_builder_add (results, line);
        }
      else
        {
          g_autofree char *line = g_strdup_printf ("%s %s: %s", server->ns, server->address,
                                                   server->detail);
          g_autofree char *who = g_strdup_printf ("%s (%s)", server->ns, server->address);

          g_strv_builder_add (results, line);
          g_strv_builder_add (bad, who);
        }
    }
  addresses_strv = g_strv_builder_end (all_addresses);
  no_address_strv = g_strv_builder_end (no_address);
  results_strv = g_strv_builder_end (results);
  bad_strv = g_strv_builder_end (bad);

  /* network */
  if (n_addresses > 0)
    {
      g_autofree char *count = g_strdup_printf ("%u", g_hash_table_size (networks));
      g_autofree GStrv prefixes = (GStrv) g_hash_table_get_keys_as_array (networks, NULL);

      if (g_hash_table_size (networks) >= 2)
        {
          f = mamori_check_context_add_finding (ctx, MAMORI_STATUS_PASS, MAMORI_SEVERITY_INFO);
          mamori_finding_set_message (f, N_("The name servers are on {0} different networks."),
                                      count, NULL);
        }
      else
        {
          f = mamori_check_context_add_finding (ctx, MAMORI_STATUS_WARN, MAMORI_SEVERITY_MEDIUM);
          mamori_finding_set_message (f, N_("All name servers of {0} are on one network ({1}): "
                                            "one network failure makes the domain unreachable."),
                                      zone, prefixes[0], NULL);
          mamori_finding_set_remediation (f, N_("Use name servers on at least two networks "
                                                "(different /24 for IPv4, /48 for IPv6), for "
                                                "example a second DNS provider or your "
                                                "provider's secondary service."),
                                          NULL);
        }
      mamori_finding_set_facet (f, "network");
      mamori_finding_add_evidence_strv (f, "addresses", (const char * const *) addresses_strv);
      mamori_finding_add_evidence_strv (f, "networks", (const char * const *) prefixes);
    }

  /* authoritative */
  if (bad_strv[0] != NULL)
    {
      g_autofree char *list = g_strjoinv (", ", bad_strv);

      f = mamori_check_context_add_finding (ctx, MAMORI_STATUS_FAIL, MAMORI_SEVERITY_HIGH);
      mamori_finding_set_message (f, N_("These name servers of {0} do not answer for it "
                                        "authoritatively (lame delegation, no address or no "
                                        "answer): {1}. Lookups that reach them fail or are "
                                        "slow."),
                                  zone, list, NULL);
      mamori_finding_set_remediation (f, N_("Make every server listed in the NS records serve "
                                            "the zone {0}, or remove the ones that do not from "
                                            "the NS records at your DNS provider and at your "
                                            "registrar."),
                                      zone, NULL);
      if (no_address_strv[0] != NULL)
        mamori_finding_add_evidence_strv (f, "no_address", (const char * const *) no_address_strv);
    }
  else
    {
      f = mamori_check_context_add_finding (ctx, MAMORI_STATUS_PASS, MAMORI_SEVERITY_INFO);
      mamori_finding_set_message (f, N_("Every name server answers authoritatively for {0}."),
                                  zone, NULL);
    }
  mamori_finding_set_facet (f, "authoritative");
  mamori_finding_add_evidence_strv (f, "answers", (const char * const *) results_strv);

  /* serial */
  if (have_serial)
    {
      g_autofree char *serial = g_strdup_printf ("%u", first_serial);

      if (serials_agree)
        {
          f = mamori_check_context_add_finding (ctx, MAMORI_STATUS_PASS, MAMORI_SEVERITY_INFO);
          mamori_finding_set_message (f, N_("All name servers serve the same version of the zone "
                                            "(SOA serial {0})."),
                                      serial, NULL);
        }
      else
        {
          f = mamori_check_context_add_finding (ctx, MAMORI_STATUS_WARN, MAMORI_SEVERITY_MEDIUM);
          mamori_finding_set_message (f, N_("The name servers of {0} serve different versions "
                                            "of the zone (different SOA serials), so answers "
                                            "depend on which server is asked."),
                                      zone, NULL);
          mamori_finding_set_remediation (f, N_("Check that zone transfers from the primary "
                                                "server to the others work, and that the "
                                                "serial is raised on every change."),
                                          NULL);
        }
      mamori_finding_set_facet (f, "serial");
      mamori_finding_add_evidence_strv (f, "answers", (const char * const *) results_strv);
    }
  return TRUE;
}

const MamoriCheckDescriptor mamori_check_nameservers = {
  .id = CHECK_ID,
  .family = MAMORI_FAMILY_DOMAIN,
  .title = N_("Name servers"),
  .description = N_("Whether the domain has enough name servers, on more than one network, "
                    "and whether each of them answers correctly for it."),
  .needs = MAMORI_CHECK_NEEDS_DOMAIN | MAMORI_CHECK_NEEDS_NETWORK,
  .run = nameservers_run,
};

/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * domain.rpki: are the routes to the organisation's web, mail and DNS addresses protected by
 * RPKI (RFC 6811 route-origin validation)? The origin AS and prefix come from an IP-to-ASN
 * DNS zone (Team Cymru's by default); the validated ROA payloads from an RTR cache, a VRP
 * file, or RIPEstat's validation API, in that order of preference.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "mamori-api.h"
#include "mamori-autocleanups.h"
#include "mamori-check.h"
#include "mamori-dns.h"
#include "mamori-error.h"
#include "mamori-rpki.h"
#include "mamori-rtr.h"

#define CHECK_ID "domain.rpki"
#define VRP_CACHE_SECONDS 600

typedef struct {
  char *address;
  char *host;
  char *role;      /* N_() label: web, mail, DNS */
} Target;

static void
target_free (Target *target)
{
  g_free (target->address);
  g_free (target->host);
  g_free (target->role);
  g_free (target);
}

/* VRP sets are large and the same for every domain of a batch: keep each source's set for a
 * while instead of fetching it again for every domain. */
static GMutex vrp_cache_lock;
static GHashTable *vrp_cache;   /* source key → CachedVrps* */

typedef struct {
  MamoriVrpSet *vrps;
  gint64        fetched_at;
} CachedVrps;

static void
cached_vrps_free (CachedVrps *cached)
{
  mamori_vrp_set_unref (cached->vrps);
  g_free (cached);
}

static MamoriVrpSet *
get_vrps (MamoriCheckOptions  *options,
          const char         **source,
          GCancellable        *cancellable,
          GError             **error)
{
  g_autofree char *key = NULL;
  MamoriVrpSet *vrps = NULL;
  CachedVrps *cached;
  gint64 now = g_get_monotonic_time ();

  if (options->rtr != NULL)
    {
      *source = "rtr";
      key = g_strconcat ("rtr:", options->rtr, NULL);
    }
  else if (options->vrp_file != NULL)
    {
      *source = "vrp-file";
      key = g_strconcat ("file:", options->vrp_file, NULL);
    }
  else
    {
      *source = "ripestat";
      return NULL;
    }

  g_mutex_lock (&vrp_cache_lock);
  if (vrp_cache == NULL)
    vrp_cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                       (GDestroyNotify) cached_vrps_free);
  cached = g_hash_table_lookup (vrp_cache, key);
  if (cached != NULL && now - cached->fetched_at < VRP_CACHE_SECONDS * G_USEC_PER_SEC)
    vrps = mamori_vrp_set_ref (cached->vrps);
  g_mutex_unlock (&vrp_cache_lock);
  if (vrps != NULL)
    return vrps;

  if (options->rtr != NULL)
    vrps = mamori_rtr_fetch (options->rtr, MAX (options->timeout_ms, 1000) * 3, cancellable, error);
  else
    vrps = mamori_vrp_set_new_from_file (options->vrp_file, error);
  if (vrps == NULL)
    return NULL;

  g_mutex_lock (&vrp_cache_lock);
  cached = g_new0 (CachedVrps, 1);
  cached->vrps = mamori_vrp_set_ref (vrps);
  cached->fetched_at = now;
  g_hash_table_replace (vrp_cache, g_steal_pointer (&key), cached);
  g_mutex_unlock (&vrp_cache_lock);
  return vrps;
}

/* The names or addresses in the answer; NULL with error when the resolver did not answer. */
static GPtrArray *
answer_names (MamoriDns     *dns,
              const char    *name,
              ldns_rr_type   type,
              guint          rdf_index,
              GCancellable  *cancellable,
              GError       **error)
{
  g_autoptr(MamoriDnsResponse) response = NULL;
  g_autoptr(ldns_rr_list) rrs = NULL;
  GPtrArray *names;

  response = mamori_dns_query (dns, name, type, MAMORI_DNS_FLAGS_NONE, cancellable, error);
  if (response == NULL || !mamori_dns_response_check_rcode (response, name, error))
    return NULL;
  names = g_ptr_array_new_with_free_func (g_free);
  rrs = mamori_dns_response_get_answer (response, type);
  for (size_t i = 0; i < ldns_rr_list_rr_count (rrs); i++)
    {
      const ldns_rdf *rdf = ldns_rr_rdf (ldns_rr_list_rr (rrs, i), rdf_index);

      if (rdf == NULL)
        continue;
      if (type == LDNS_RR_TYPE_A || type == LDNS_RR_TYPE_AAAA)
        g_ptr_array_add (names, mamori_dns_rdf_to_string (rdf));
      else if (ldns_dname_label_count (rdf) > 0)   /* skip a null MX "." */
        g_ptr_array_add (names, mamori_dns_dname_to_string (rdf));
    }
  return names;
}

static void
add_addresses (MamoriDns     *dns,
               const char    *host,
               const char    *role,
               GHashTable    *seen,
               GPtrArray     *targets,
               GCancellable  *cancellable)
{
  const ldns_rr_type types[] = { LDNS_RR_TYPE_A, LDNS_RR_TYPE_AAAA };

  for (guint t = 0; t < G_N_ELEMENTS (types); t++)
    {
      g_autoptr(GPtrArray) addresses = answer_names (dns, host, types[t], 0, cancellable, NULL);

      /* A name server or mail host that does not resolve is the other checks' business. */
      for (guint i = 0; addresses != NULL && i < addresses->len; i++)
        {
          const char *address = g_ptr_array_index (addresses, i);
          Target *target;

          if (g_hash_table_contains (seen, address))
            continue;
          g_hash_table_add (seen, g_strdup (address));
          target = g_new0 (Target, 1);
          target->address = g_strdup (address);
          target->host = g_strdup (host);
          target->role = g_strdup (role);
          g_ptr_array_add (targets, target);
        }
    }
}

/* "192.0.2.10" → "10.2.0.192.<zone>", IPv6 → nibbles reversed under the v6 zone. */
static char *
asn_query_name (MamoriCheckOptions *options,
                const char         *address)
{
  g_autoptr(GInetAddress) inet = g_inet_address_new_from_string (address);
  const guint8 *bytes;
  const char *zone;
  GString *name;

  if (inet == NULL)
    return NULL;
  bytes = g_inet_address_to_bytes (inet);
  name = g_string_new (NULL);
  if (g_inet_address_get_family (inet) == G_SOCKET_FAMILY_IPV4)
    {
      zone = mamori_check_options_get_api_base (options, "asn-zone");
      g_string_append_printf (name, "%u.%u.%u.%u.%s", bytes[3], bytes[2], bytes[1], bytes[0],
                              zone != NULL ? zone : "origin.asn.cymru.com");
    }
  else
    {
      zone = mamori_check_options_get_api_base (options, "asn6-zone");
      for (int i = 15; i >= 0; i--)
        g_string_append_printf (name, "%x.%x.", bytes[i] & 0xf, bytes[i] >> 4);
      g_string_append (name, zone != NULL ? zone : "origin6.asn.cymru.com");
    }
  return g_string_free (name, FALSE);
}

typedef struct {
  guint32           asns[8];
  guint             n_asns;
  GInetAddressMask *prefix;
  char             *raw;
} Origin;

static void
origin_clear (Origin *origin)
{
  g_clear_object (&origin->prefix);
  g_clear_pointer (&origin->raw, g_free);
}

/* "64500 64501 | 192.0.2.0/24 | JP | apnic | 2020-01-01": the most specific prefix wins. */
static gboolean
parse_origins (GPtrArray *texts,
               Origin    *best)
{
  for (guint i = 0; texts != NULL && i < texts->len; i++)
    {
      gsize len;
      const char *data = g_bytes_get_data (g_ptr_array_index (texts, i), &len);
      g_autofree char *text = g_utf8_make_valid (data, (gssize) MIN (len, 512));
      g_auto(GStrv) fields = g_strsplit (text, "|", -1);
      g_auto(GStrv) asns = NULL;
      g_autoptr(GInetAddressMask) prefix = NULL;
      Origin candidate = { 0 };

      if (g_strv_length (fields) < 2)
        continue;
      prefix = mamori_rpki_parse_prefix (g_strstrip (fields[1]), NULL);
      if (prefix == NULL)
        continue;
      asns = g_strsplit_set (g_strstrip (fields[0]), " \t", -1);
      for (guint j = 0; asns[j] != NULL && candidate.n_asns < G_N_ELEMENTS (candidate.asns); j++)
        {
          if (*asns[j] != '\0' && mamori_rpki_parse_asn (asns[j], &candidate.asns[candidate.n_asns]))
            candidate.n_asns++;
        }
      if (candidate.n_asns == 0)
        continue;
      if (best->prefix == NULL ||
          g_inet_address_mask_get_length (prefix) > g_inet_address_mask_get_length (best->prefix))
        {
          origin_clear (best);
          *best = candidate;
          best->prefix = g_steal_pointer (&prefix);
          best->raw = g_strdup (text);
        }
    }
  return best->prefix != NULL;
}

static MamoriRovState
validate_ripestat (MamoriCheckContext  *ctx,
                   const char          *prefix,
                   guint32              asn,
                   MamoriRovReason     *reason,
                   GPtrArray           *covering,
                   GError             **error)
{
  g_autofree char *path = g_strdup_printf ("/data/rpki-validation/data.json?resource=AS%u&prefix=%s",
                                           asn, prefix);
  g_autoptr(JsonNode) root = NULL;
  JsonObject *data;
  const char *status;

  root = mamori_api_get_json (mamori_check_context_get_options (ctx), "ripestat", path,
                              mamori_check_context_get_cancellable (ctx), error);
  if (root == NULL)
    return MAMORI_ROV_NOT_FOUND;
  if (!JSON_NODE_HOLDS_OBJECT (root) ||
      !json_object_has_member (json_node_get_object (root), "data") ||
      !JSON_NODE_HOLDS_OBJECT (json_object_get_member (json_node_get_object (root), "data")))
    goto bad;
  data = json_object_get_object_member (json_node_get_object (root), "data");
  if (!json_object_has_member (data, "status") ||
      !JSON_NODE_HOLDS_VALUE (json_object_get_member (data, "status")) ||
      json_node_get_value_type (json_object_get_member (data, "status")) != G_TYPE_STRING)
    goto bad;
  status = json_object_get_string_member (data, "status");

  if (json_object_has_member (data, "validating_roas") &&
      JSON_NODE_HOLDS_ARRAY (json_object_get_member (data, "validating_roas")))
    {
      JsonArray *roas = json_object_get_array_member (data, "validating_roas");

      for (guint i = 0; i < json_array_get_length (roas) && i < 32; i++)
        {
          JsonNode *node = json_array_get_element (roas, i);
          g_autoptr(JsonGenerator) gen = json_generator_new ();

          json_generator_set_root (gen, node);
          g_ptr_array_add (covering, json_generator_to_data (gen, NULL));
        }
    }

  *reason = MAMORI_ROV_REASON_NONE;
  if (g_str_equal (status, "valid"))
    return MAMORI_ROV_VALID;
  if (g_str_equal (status, "unknown") || g_str_equal (status, "not-found") ||
      g_str_equal (status, "not_found"))
    return MAMORI_ROV_NOT_FOUND;
  if (g_str_equal (status, "invalid_length"))
    {
      *reason = MAMORI_ROV_REASON_TOO_SPECIFIC;
      return MAMORI_ROV_INVALID;
    }
  if (g_str_equal (status, "invalid_asn") || g_str_equal (status, "invalid"))
    {
      *reason = MAMORI_ROV_REASON_WRONG_ORIGIN;
      return MAMORI_ROV_INVALID;
    }

bad:
  g_set_error (error, MAMORI_ERROR, MAMORI_ERROR_PROTOCOL,
               _("RIPEstat's answer has no usable validation status"));
  return MAMORI_ROV_NOT_FOUND;
}

static gboolean
rpki_run (MamoriCheckContext  *ctx,
          GError             **error)
{
  MamoriDns *dns = mamori_check_context_get_dns (ctx);
  MamoriCheckOptions *options = mamori_check_context_get_options (ctx);
  GCancellable *cancellable = mamori_check_context_get_cancellable (ctx);
  const char *domain = mamori_check_context_get_subject (ctx);
  g_autofree char *www = g_strconcat ("www.", domain, NULL);
  g_autoptr(GPtrArray) targets = g_ptr_array_new_with_free_func ((GDestroyNotify) target_free);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) mx = NULL;
  g_autoptr(GPtrArray) ns = NULL;
  g_autoptr(MamoriVrpSet) vrps = NULL;
  const char *source = NULL;

  /* Round 1: every name the organisation publishes, at once. */
  mamori_dns_prefetch (dns, domain, LDNS_RR_TYPE_MX, MAMORI_DNS_FLAGS_NONE);
  mamori_dns_prefetch (dns, domain, LDNS_RR_TYPE_NS, MAMORI_DNS_FLAGS_NONE);
  mamori_dns_prefetch (dns, domain, LDNS_RR_TYPE_A, MAMORI_DNS_FLAGS_NONE);
  mamori_dns_prefetch (dns, domain, LDNS_RR_TYPE_AAAA, MAMORI_DNS_FLAGS_NONE);
  mamori_dns_prefetch (dns, www, LDNS_RR_TYPE_A, MAMORI_DNS_FLAGS_NONE);
  mamori_dns_prefetch (dns, www, LDNS_RR_TYPE_AAAA, MAMORI_DNS_FLAGS_NONE);

  /* Without the domain's own MX and NS, nothing can be decided. */
  mx = answer_names (dns, domain, LDNS_RR_TYPE_MX, 1, cancellable, error);
  if (mx == NULL)
    return FALSE;
  ns = answer_names (dns, domain, LDNS_RR_TYPE_NS, 0, cancellable, error);
  if (ns == NULL)
    return FALSE;

  /* Round 2: the addresses of the mail and name servers, at once. */
  for (guint i = 0; i < mx->len; i++)
    {
      mamori_dns_prefetch (dns, g_ptr_array_index (mx, i), LDNS_RR_TYPE_A, MAMORI_DNS_FLAGS_NONE);
      mamori_dns_prefetch (dns, g_ptr_array_index (mx, i), LDNS_RR_TYPE_AAAA, MAMORI_DNS_FLAGS_NONE);
    }
  for (guint i = 0; i < ns->len; i++)
    {
      mamori_dns_prefetch (dns, g_ptr_array_index (ns, i), LDNS_RR_TYPE_A, MAMORI_DNS_FLAGS_NONE);
      mamori_dns_prefetch (dns, g_ptr_array_index (ns, i), LDNS_RR_TYPE_AAAA, MAMORI_DNS_FLAGS_NONE);
    }

  add_addresses (dns, domain, N_("website"), seen, targets, cancellable);
  add_addresses (dns, www, N_("website"), seen, targets, cancellable);
  for (guint i = 0; i < mx->len; i++)
    add_addresses (dns, g_ptr_array_index (mx, i), N_("mail server"), seen, targets, cancellable);
  for (guint i = 0; i < ns->len; i++)
    add_addresses (dns, g_ptr_array_index (ns, i), N_("name server"), seen, targets, cancellable);

  if (mamori_check_context_set_error_if_cancelled (ctx, error))
    return FALSE;
  if (targets->len == 0)
    {
      MamoriFinding *f = mamori_check_context_add_finding (ctx, MAMORI_STATUS_NOT_APPLICABLE,
                                                           MAMORI_SEVERITY_INFO);
      mamori_finding_set_facet (f, "origin");
      mamori_finding_set_message (f, N_("{0} has no web, mail or name server addresses to check."),
                                  domain, NULL);
      return TRUE;
    }

  /* Round 3: the origin of every address, at once; meanwhile the VRPs are fetched. */
  for (guint i = 0; i < targets->len; i++)
    {
      Target *target = g_ptr_array_index (targets, i);
      g_autofree char *name = asn_query_name (options, target->address);

      if (name != NULL)
        mamori_dns_prefetch (dns, name, LDNS_RR_TYPE_TXT, MAMORI_DNS_FLAGS_NONE);
    }
  vrps = get_vrps (options, &source, cancellable, error);
  if (vrps == NULL && !g_str_equal (source, "ripestat"))
    return FALSE;

  for (guint i = 0; i < targets->len; i++)
    {
      Target *target = g_ptr_array_index (targets, i);
      g_autofree char *name = asn_query_name (options, target->address);
      g_autoptr(GPtrArray) texts = NULL;
      g_autoptr(GPtrArray) covering = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(GError) local_error = NULL;
      g_autofree char *prefix_str = NULL;
      g_autofree char *asn_str = NULL;
      const char *role = g_dgettext (GETTEXT_PACKAGE, target->role);
      MamoriRovState best_state = MAMORI_ROV_NOT_FOUND;
      MamoriRovReason best_reason = MAMORI_ROV_REASON_NONE;
      guint32 best_asn = 0;
      Origin origin = { 0 };
      MamoriFinding *f;

      if (name == NULL)
        continue;
      texts = mamori_dns_lookup_txt (dns, name, NULL, cancellable, &local_error);
      if (texts == NULL)
        {
          f = mamori_check_context_add_finding_for (ctx, target->address, MAMORI_STATUS_ERROR,
                                                    MAMORI_SEVERITY_INFO);
          mamori_finding_set_facet (f, "origin");
          mamori_finding_set_message (f, N_("Could not find who announces the route to {0}: {1}"),
                                      target->address, local_error->message, NULL);
          continue;
        }
      if (!parse_origins (texts, &origin))
        {
          f = mamori_check_context_add_finding_for (ctx, target->address, MAMORI_STATUS_INFO,
                                                    MAMORI_SEVERITY_INFO);
          mamori_finding_set_facet (f, "origin");
          mamori_finding_set_message (f, N_("The {0} {1} ({2}) is not announced on the Internet, "
                                            "so there is no route to protect."),
                                      role, target->host, target->address, NULL);
          continue;
        }

      prefix_str = g_inet_address_mask_to_string (origin.prefix);
      /* With several origins (MOAS), the best verdict among them counts. */
      for (guint j = 0; j < origin.n_asns; j++)
        {
          MamoriRovReason reason = MAMORI_ROV_REASON_NONE;
          MamoriRovState state;

          if (vrps != NULL)
            state = mamori_vrp_set_validate (vrps, origin.prefix, origin.asns[j], &reason, covering);
          else
            {
              g_clear_error (&local_error);
              state = validate_ripestat (ctx, prefix_str, origin.asns[j], &reason, covering,
                                         &local_error);
              if (local_error != NULL)
                break;
            }
          if (j == 0 || state == MAMORI_ROV_VALID ||
              (state == MAMORI_ROV_NOT_FOUND && best_state == MAMORI_ROV_INVALID))
            {
              best_state = state;
              best_reason = reason;
              best_asn = origin.asns[j];
            }
        }
      asn_str = g_strdup_printf ("AS%u", best_asn);

      if (local_error != NULL)
        {
          f = mamori_check_context_add_finding_for (ctx, target->address, MAMORI_STATUS_ERROR,
                                                    MAMORI_SEVERITY_INFO);
          mamori_finding_set_message (f, N_("Could not validate the route {0} from {1}: {2}"),
                                      prefix_str, asn_str, local_error->message, NULL);
        }
      else if (best_state == MAMORI_ROV_VALID)
        {
          f = mamori_check_context_add_finding_for (ctx, target->address, MAMORI_STATUS_PASS,
                                                    MAMORI_SEVERITY_INFO);
          mamori_finding_set_message (f, N_("The route to the {0} {1} ({2}) is protected: {3} from "
                                            "{4} matches its ROA (RPKI valid)."),
                                      role, target->host, target->address, prefix_str, asn_str,
                                      NULL);
        }
      else if (best_state == MAMORI_ROV_INVALID)
        {
          f = mamori_check_context_add_finding_for (ctx, target->address, MAMORI_STATUS_FAIL,
                                                    MAMORI_SEVERITY_HIGH);
          if (best_reason == MAMORI_ROV_REASON_TOO_SPECIFIC)
            mamori_finding_set_message (f, N_("The route to the {0} {1} ({2}) is RPKI invalid: {3} "
                                              "is more specific than the ROA for {4} allows "
                                              "(maxLength). Networks that validate routes will "
                                              "drop it."),
                                        role, target->host, target->address, prefix_str, asn_str,
                                        NULL);
          else
            mamori_finding_set_message (f, N_("The route to the {0} {1} ({2}) is RPKI invalid: {3} "
                                              "is announced by {4}, but the ROAs name another AS. "
                                              "Networks that validate routes will drop it."),
                                        role, target->host, target->address, prefix_str, asn_str,
                                        NULL);
          mamori_finding_set_remediation (f, N_("Tell your ISP or hosting provider at once: either "
                                                "the announcement or the ROA is wrong. The holder "
                                                "of the address block (for Japanese addresses, "
                                                "via JPNIC's RPKI service) must correct the ROA "
                                                "for {0} to name {1} with a fitting maxLength."),
                                          prefix_str, asn_str, NULL);
        }
      else
        {
          f = mamori_check_context_add_finding_for (ctx, target->address, MAMORI_STATUS_WARN,
                                                    MAMORI_SEVERITY_MEDIUM);
          mamori_finding_set_message (f, N_("The route to the {0} {1} ({2}) is not protected: no "
                                            "ROA covers {3} (RPKI not-found), so anyone could "
                                            "announce it."),
                                      role, target->host, target->address, prefix_str, NULL);
          mamori_finding_set_remediation (f, N_("Ask your ISP or hosting provider to create a ROA "
                                                "for {0} with origin {1} (for Japanese addresses, "
                                                "through JPNIC's RPKI service), as JPNIC's RPKI "
                                                "guideline recommends."),
                                          prefix_str, asn_str, NULL);
        }
      mamori_finding_set_facet (f, "origin");
      mamori_finding_add_evidence_string (f, "host", target->host);
      mamori_finding_add_evidence_string (f, "role", target->role);
      mamori_finding_add_evidence_string (f, "address", target->address);
      mamori_finding_add_evidence_string (f, "prefix", prefix_str);
      mamori_finding_add_evidence_string (f, "origin_as", asn_str);
      mamori_finding_add_evidence_string (f, "state", mamori_rov_state_to_string (best_state));
      mamori_finding_add_evidence_string (f, "vrp_source", source);
      mamori_finding_add_evidence_string (f, "ip_to_asn", origin.raw);
      g_ptr_array_add (covering, NULL);
      mamori_finding_add_evidence_strv (f, "covering_vrps", (const char * const *) covering->pdata);
      origin_clear (&origin);
    }

  return TRUE;
}

const MamoriCheckDescriptor mamori_check_rpki = {
  .id = CHECK_ID,
  .family = MAMORI_FAMILY_DOMAIN,
  .title = N_("Route protection (RPKI)"),
  .description = N_("Whether the routes to the organisation's web, mail and name servers are "
                    "covered by ROAs, so that nobody else can announce them."),
  .needs = MAMORI_CHECK_NEEDS_DOMAIN | MAMORI_CHECK_NEEDS_NETWORK | MAMORI_CHECK_NEEDS_OUTSIDE,
  .run = rpki_run,
};

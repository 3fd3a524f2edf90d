/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>

#include "mamori-autocleanups.h"
#include "mamori-data-dir.h"
#include "mamori-dns.h"
#include "mamori-error.h"

struct _MamoriDns
{
  ldns_rdf     *nameserver;
  guint16       port;        /* 0 = from the system configuration */
  char         *description;
  struct timeval timeout;
  guint         retries;
  ldns_rr_list *trust_anchors;
  GMutex        lock;
  GHashTable   *cache;       /* key → CacheEntry* */
  guint         n_queries;   /* atomic */
};

struct _MamoriDnsResponse
{
  ldns_pkt *pkt;
};

/* Each entry has its own condition: waking every thread that waits for any answer at each
 * answer (one condition per MamoriDns) cost more in context switches than the queries. */
typedef struct {
  gboolean           done;
  MamoriDnsResponse *response;
  GError            *error;
  GCond              cond;     /* with MamoriDns.lock; broadcast once done */
} CacheEntry;

static CacheEntry *
cache_entry_new (void)
{
  CacheEntry *entry = g_new0 (CacheEntry, 1);

  g_cond_init (&entry->cond);
  return entry;
}

static void
cache_entry_free (CacheEntry *entry)
{
  g_cond_clear (&entry->cond);
  g_clear_pointer (&entry->response, mamori_dns_response_unref);
  g_clear_error (&entry->error);
  g_free (entry);
}

static MamoriDnsResponse *
response_new (ldns_pkt *pkt)
{
  MamoriDnsResponse *self = g_atomic_rc_box_new0 (MamoriDnsResponse);

  self->pkt = pkt;
  return self;
}

MamoriDnsResponse *
mamori_dns_response_ref (MamoriDnsResponse *self)
{
  return g_atomic_rc_box_acquire (self);
}

static void
response_clear (MamoriDnsResponse *self)
{
  ldns_pkt_free (self->pkt);
}

void
mamori_dns_response_unref (MamoriDnsResponse *self)
{
  g_atomic_rc_box_release_full (self, (GDestroyNotify) response_clear);
}

/* Parses "1.2.3.4", "1.2.3.4:5353", "::1", "[::1]:5353" and "1.2.3.4#5353". */
static gboolean
parse_resolver (const char  *spec,
                ldns_rdf   **address,
                guint16     *port,
                GError     **error)
{
  g_autofree char *host = NULL;
  const char *port_str = NULL;
  GInetAddress *inet;

  if (spec[0] == '[')
    {
      const char *end = strchr (spec, ']');

      if (end == NULL)
        goto bad;
      host = g_strndup (spec + 1, end - spec - 1);
      if (end[1] == ':' || end[1] == '#')
        port_str = end + 2;
      else if (end[1] != '\0')
        goto bad;
    }
  else
    {
      const char *sep = strrchr (spec, '#');

      if (sep == NULL && strchr (spec, ':') == strrchr (spec, ':'))
        sep = strchr (spec, ':');   /* exactly one colon: IPv4 with a port */
      if (sep != NULL)
        {
          host = g_strndup (spec, sep - spec);
          port_str = sep + 1;
        }
      else
        {
          host = g_strdup (spec);
        }
    }

  inet = g_inet_address_new_from_string (host);
  if (inet == NULL)
    goto bad;
  *address = ldns_rdf_new_frm_str (g_inet_address_get_family (inet) == G_SOCKET_FAMILY_IPV6
                                   ? LDNS_RDF_TYPE_AAAA : LDNS_RDF_TYPE_A, host);
  g_object_unref (inet);
  if (*address == NULL)
    goto bad;

  *port = 53;
  if (port_str != NULL)
    {
      guint64 value = 0;

      if (!g_ascii_string_to_unsigned (port_str, 10, 1, 65535, &value, NULL))
        {
          g_clear_pointer (address, ldns_rdf_deep_free);
          goto bad;
        }
      *port = (guint16) value;
    }
  return TRUE;

bad:
  g_set_error (error, MAMORI_ERROR, MAMORI_ERROR_INVALID_INPUT,
               _("“%s” is not a resolver address (expected an IP address, optionally with :PORT)"),
               spec);
  return FALSE;
}

static ldns_rr_list *
load_trust_anchors (const char  *path,
                    GError     **error)
{
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  ldns_rr_list *anchors;
  g_autoptr(GError) local_error = NULL;

  if (!g_file_get_contents (path, &contents, NULL, &local_error))
    {
      g_set_error (error, MAMORI_ERROR, MAMORI_ERROR_INVALID_INPUT,
                   _("Could not read the trust anchor file “%s”: %s"), path,
                   local_error->message);
      return NULL;
    }

  anchors = ldns_rr_list_new ();
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *line = g_strstrip (lines[i]);
      ldns_rr *rr = NULL;
      ldns_status status;

      if (*line == '\0' || *line == ';' || *line == '$')
        continue;
      status = ldns_rr_new_frm_str (&rr, line, 3600, NULL, NULL);
      if (status != LDNS_STATUS_OK)
        {
          g_set_error (error, MAMORI_ERROR, MAMORI_ERROR_INVALID_INPUT,
                       _("Line %u of the trust anchor file “%s” is not a DS or DNSKEY record: %s"),
                       i + 1, path, ldns_get_errorstr_by_id (status));
          ldns_rr_list_deep_free (anchors);
          return NULL;
        }
      if (ldns_rr_get_type (rr) != LDNS_RR_TYPE_DS && ldns_rr_get_type (rr) != LDNS_RR_TYPE_DNSKEY)
        {
          g_set_error (error, MAMORI_ERROR, MAMORI_ERROR_INVALID_INPUT,
                       _("Line %u of the trust anchor file “%s” is not a DS or DNSKEY record"),
                       i + 1, path);
          ldns_rr_free (rr);
          ldns_rr_list_deep_free (anchors);
          return NULL;
        }
      ldns_rr_list_push_rr (anchors, rr);
    }

  if (ldns_rr_list_rr_count (anchors) == 0)
    {
      g_set_error (error, MAMORI_ERROR, MAMORI_ERROR_INVALID_INPUT,
                   _("The trust anchor file “%s” holds no DS or DNSKEY record"), path);
      ldns_rr_list_deep_free (anchors);
      return NULL;
    }
  return anchors;
}

MamoriDns *
mamori_dns_new (MamoriCheckOptions  *options,
                GError             **error)
{
  MamoriDns *self;
  ldns_rdf *address = NULL;
  guint16 port = 0;
  ldns_rr_list *anchors;
  g_autofree char *default_anchor = NULL;
  const char *anchor_path;

  g_return_val_if_fail (options != NULL, NULL);

  if (options->resolver != NULL && *options->resolver != '\0' &&
      !parse_resolver (options->resolver, &address, &port, error))
    return NULL;

  anchor_path = options->trust_anchor_file;
  if (anchor_path == NULL)
    anchor_path = default_anchor = mamori_data_dir_get_file ("trust-anchors/root-anchors.ds");
  anchors = load_trust_anchors (anchor_path, error);
  if (anchors == NULL)
    {
      g_clear_pointer (&address, ldns_rdf_deep_free);
      return NULL;
    }

  self = g_atomic_rc_box_new0 (MamoriDns);
  self->nameserver = address;
  self->port = port;
  self->trust_anchors = anchors;
  /* The timeout is what one question may cost in all, retries included. */
  {
    guint per_try = MAX ((options->timeout_ms > 0 ? options->timeout_ms : 3000) /
                         (options->retries + 1), 100);

    self->timeout.tv_sec = per_try / 1000;
    self->timeout.tv_usec = (per_try % 1000) * 1000;
  }
  self->retries = options->retries;
  g_mutex_init (&self->lock);
  self->cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                       (GDestroyNotify) cache_entry_free);

  if (address != NULL)
    {
      g_autofree char *addr = ldns_rdf2str (address);

      self->description = g_strdup_printf ("%s#%u", addr, port);
    }
  else
    {
      self->description = g_strdup ("system");
    }
  return self;
}

MamoriDns *
mamori_dns_ref (MamoriDns *self)
{
  return g_atomic_rc_box_acquire (self);
}

static void
dns_clear (MamoriDns *self)
{
  g_clear_pointer (&self->nameserver, ldns_rdf_deep_free);
  g_free (self->description);
  ldns_rr_list_deep_free (self->trust_anchors);
  g_hash_table_unref (self->cache);
  g_mutex_clear (&self->lock);
}

void
mamori_dns_unref (MamoriDns *self)
{
  g_atomic_rc_box_release_full (self, (GDestroyNotify) dns_clear);
}

const char *
mamori_dns_get_resolver_description (MamoriDns *self)
{
  return self->description;
}

const ldns_rr_list *
mamori_dns_get_trust_anchors (MamoriDns *self)
{
  return self->trust_anchors;
}

guint
mamori_dns_get_query_count (MamoriDns *self)
{
  return (guint) g_atomic_int_get (&self->n_queries);
}

/* ldns resolvers are not thread-safe, so each query gets its own: creating one is cheap
 * next to a network round trip. */
static ldns_resolver *
make_resolver (MamoriDns  *self,
               GError    **error)
{
  ldns_resolver *res;

  if (self->nameserver != NULL)
    {
      res = ldns_resolver_new ();
      if (ldns_resolver_push_nameserver (res, self->nameserver) != LDNS_STATUS_OK)
        {
          ldns_resolver_deep_free (res);
          g_set_error (error, MAMORI_ERROR, MAMORI_ERROR_NETWORK, _("Could not set up the resolver"));
          return NULL;
        }
      ldns_resolver_set_port (res, self->port);
    }
  else
    {
      ldns_status status = ldns_resolver_new_frm_file (&res, NULL);

      if (status != LDNS_STATUS_OK)
        {
          g_set_error (error, MAMORI_ERROR, MAMORI_ERROR_NETWORK,
                       _("No DNS resolver is configured on this computer (%s); "
                         "name one with --resolver"),
                       ldns_get_errorstr_by_id (status));
          return NULL;
        }
    }

  ldns_resolver_set_recursive (res, true);
  ldns_resolver_set_dnssec (res, true);          /* EDNS0 with the DO bit */
  ldns_resolver_set_edns_udp_size (res, 1232);   /* DNS flag day 2020 */
  ldns_resolver_set_fallback (res, true);        /* retry over TCP when truncated */
  ldns_resolver_set_timeout (res, self->timeout);
  ldns_resolver_set_retry (res, (uint8_t) MIN (self->retries + 1, 255));
  ldns_resolver_set_retrans (res, 0);
  /* Spread the questions over several configured name servers; with one (always so with
   * --resolver) the shuffle would only cost a random number per query. */
  ldns_resolver_set_random (res, ldns_resolver_nameserver_count (res) > 1);
  return res;
}

static MamoriDnsResponse *
send_query (MamoriDns       *self,
            const char      *name,
            ldns_rr_type     type,
            MamoriDnsFlags   flags,
            GError         **error)
{
  g_autoptr(ldns_resolver) res = NULL;
  g_autoptr(ldns_rdf) qname = NULL;
  ldns_pkt *pkt = NULL;
  ldns_status status;

  res = make_resolver (self, error);
  if (res == NULL)
    return NULL;
  ldns_resolver_set_dnssec_cd (res, (flags & MAMORI_DNS_FLAGS_CHECKING_DISABLED) != 0);

  qname = ldns_dname_new_frm_str (name);
  if (qname == NULL)
    {
      g_set_error (error, MAMORI_ERROR, MAMORI_ERROR_INVALID_INPUT,
                   _("“%s” is not a valid DNS name"), name);
      return NULL;
    }

  g_atomic_int_inc (&self->n_queries);
  status = ldns_resolver_send (&pkt, res, qname, type, LDNS_RR_CLASS_IN,
                               LDNS_RD | ((flags & MAMORI_DNS_FLAGS_CHECKING_DISABLED) ? LDNS_CD : 0));
  if (status != LDNS_STATUS_OK || pkt == NULL)
    {
      g_autofree char *type_str = ldns_rr_type2str (type);

      if (pkt != NULL)
        ldns_pkt_free (pkt);
      if (status == LDNS_STATUS_NETWORK_ERR || status == LDNS_STATUS_RES_NO_NS)
        g_set_error (error, MAMORI_ERROR, MAMORI_ERROR_TIMEOUT,
                     _("The resolver %s did not answer the %s query for “%s”"),
                     self->description, type_str, name);
      else
        g_set_error (error, MAMORI_ERROR, MAMORI_ERROR_NETWORK,
                     _("The %s query for “%s” failed: %s"), type_str, name,
                     ldns_get_errorstr_by_id (status));
      return NULL;
    }
  return response_new (pkt);
}

static char *
cache_key (const char     *name,
           ldns_rr_type    type,
           MamoriDnsFlags  flags)
{
  g_autofree char *lower = g_ascii_strdown (name, -1);
  gsize len = strlen (lower);

  if (len > 1 && lower[len - 1] == '.')
    lower[len - 1] = '\0';
  return g_strdup_printf ("%s|%u|%u", lower, (guint) type,
                          (guint) (flags & MAMORI_DNS_FLAGS_CHECKING_DISABLED));
}

/* Sends the query and publishes the outcome in entry, waking everyone waiting for it. */
static void
resolve_entry (MamoriDns      *self,
               CacheEntry     *entry,
               const char     *name,
               ldns_rr_type    type,
               MamoriDnsFlags  flags)
{
  GError *error = NULL;
  MamoriDnsResponse *response = send_query (self, name, type, flags, &error);

  g_mutex_lock (&self->lock);
  entry->done = TRUE;
  entry->response = response;
  entry->error = error;
  g_cond_broadcast (&entry->cond);
  g_mutex_unlock (&self->lock);
}

typedef struct {
  MamoriDns      *dns;
  CacheEntry     *entry;   /* owned by dns->cache, which outlives the job through the ref */
  char           *name;
  ldns_rr_type    type;
  MamoriDnsFlags  flags;
} PrefetchJob;

static void
prefetch_cb (gpointer data,
             gpointer user_data G_GNUC_UNUSED)
{
  PrefetchJob *job = data;

  resolve_entry (job->dns, job->entry, job->name, job->type, job->flags);
  mamori_dns_unref (job->dns);
  g_free (job->name);
  g_free (job);
}

static GThreadPool *
prefetch_pool (void)
{
  static gsize pool;

  if (g_once_init_enter (&pool))
    {
      /* Shared by every MamoriDns in the process; queries are I/O bound, so many threads. */
      GThreadPool *p = g_thread_pool_new (prefetch_cb, NULL, 64, FALSE, NULL);
      g_once_init_leave (&pool, (gsize) p);
    }
  return (GThreadPool *) pool;
}

void
mamori_dns_prefetch (MamoriDns      *self,
                     const char     *name,
                     ldns_rr_type    type,
                     MamoriDnsFlags  flags)
{
  g_autofree char *key = cache_key (name, type, flags);
  PrefetchJob *job;
  CacheEntry *entry;

  g_mutex_lock (&self->lock);
  if (g_hash_table_contains (self->cache, key))
    {
      g_mutex_unlock (&self->lock);
      return;
    }
  entry = cache_entry_new ();
  g_hash_table_insert (self->cache, g_steal_pointer (&key), entry);
  g_mutex_unlock (&self->lock);

  job = g_new0 (PrefetchJob, 1);
  job->dns = mamori_dns_ref (self);
  job->entry = entry;
  job->name = g_strdup (name);
  job->type = type;
  job->flags = flags;
  g_thread_pool_push (prefetch_pool (), job, NULL);
}

MamoriDnsResponse *
mamori_dns_query (MamoriDns       *self,
                  const char      *name,
                  ldns_rr_type     type,
                  MamoriDnsFlags   flags,
                  GCancellable    *cancellable,
                  GError         **error)
{
  g_autofree char *key = NULL;
  CacheEntry *entry;
  MamoriDnsResponse *response = NULL;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  if (flags & MAMORI_DNS_FLAGS_NO_CACHE)
    return send_query (self, name, type, flags, error);

  key = cache_key (name, type, flags);
  g_mutex_lock (&self->lock);
  entry = g_hash_table_lookup (self->cache, key);
  if (entry == NULL)
    {
      entry = cache_entry_new ();
      g_hash_table_insert (self->cache, g_steal_pointer (&key), entry);
      g_mutex_unlock (&self->lock);
      resolve_entry (self, entry, name, type, flags);
      g_mutex_lock (&self->lock);
    }
  else
    {
      /* Someone else is asking the same question: wait for their answer. */
      while (!entry->done)
        g_cond_wait (&entry->cond, &self->lock);
    }

  if (entry->response != NULL)
    response = mamori_dns_response_ref (entry->response);
  else
    g_propagate_error (error, g_error_copy (entry->error));
  g_mutex_unlock (&self->lock);
  return response;
}

const ldns_pkt *
mamori_dns_response_get_packet (MamoriDnsResponse *self)
{
  return self->pkt;
}

ldns_pkt_rcode
mamori_dns_response_get_rcode (MamoriDnsResponse *self)
{
  return ldns_pkt_get_rcode (self->pkt);
}

gboolean
mamori_dns_response_get_ad (MamoriDnsResponse *self)
{
  return ldns_pkt_ad (self->pkt);
}

ldns_rr_list *
mamori_dns_response_get_answer (MamoriDnsResponse *self,
                                ldns_rr_type       type)
{
  ldns_rr_list *answer = ldns_pkt_answer (self->pkt);
  ldns_rr_list *result = ldns_rr_list_new ();

  for (size_t i = 0; i < ldns_rr_list_rr_count (answer); i++)
    {
      ldns_rr *rr = ldns_rr_list_rr (answer, i);

      if (ldns_rr_get_type (rr) == type && ldns_rr_get_class (rr) == LDNS_RR_CLASS_IN)
        ldns_rr_list_push_rr (result, ldns_rr_clone (rr));
    }
  return result;
}

gboolean
mamori_dns_response_check_rcode (MamoriDnsResponse  *self,
                                 const char         *name,
                                 GError            **error)
{
  ldns_pkt_rcode rcode = ldns_pkt_get_rcode (self->pkt);

  if (rcode == LDNS_RCODE_NOERROR || rcode == LDNS_RCODE_NXDOMAIN)
    return TRUE;

  {
    ldns_lookup_table *lt = ldns_lookup_by_id (ldns_rcodes, rcode);

    g_set_error (error, MAMORI_ERROR, MAMORI_ERROR_NETWORK,
                 _("The resolver answered %s for “%s”"), lt != NULL ? lt->name : "?", name);
  }
  return FALSE;
}

GBytes *
mamori_dns_txt_rr_to_bytes (const ldns_rr *rr)
{
  GByteArray *bytes = g_byte_array_new ();

  for (size_t i = 0; i < ldns_rr_rd_count (rr); i++)
    {
      const ldns_rdf *rdf = ldns_rr_rdf (rr, i);
      const guint8 *data = ldns_rdf_data (rdf);
      size_t size = ldns_rdf_size (rdf);

      /* Each character-string is one length octet and that many bytes. */
      if (size >= 1 && (size_t) data[0] + 1 <= size)
        g_byte_array_append (bytes, data + 1, data[0]);
    }
  if (bytes->len == 0)
    {
      /* An empty TXT ("") would give a GBytes whose data is NULL, which callers hand to
       * g_utf8_make_valid and friends that reject NULL: give them "" instead. */
      g_byte_array_unref (bytes);
      return g_bytes_new_static ("", 0);
    }
  return g_byte_array_free_to_bytes (bytes);
}

GPtrArray *
mamori_dns_lookup_txt (MamoriDns     *self,
                       const char    *name,
                       gboolean      *nxdomain,
                       GCancellable  *cancellable,
                       GError       **error)
{
  g_autoptr(MamoriDnsResponse) response = NULL;
  g_autoptr(ldns_rr_list) txt = NULL;
  GPtrArray *records;

  response = mamori_dns_query (self, name, LDNS_RR_TYPE_TXT, MAMORI_DNS_FLAGS_NONE,
                               cancellable, error);
  if (response == NULL || !mamori_dns_response_check_rcode (response, name, error))
    return NULL;

  if (nxdomain != NULL)
    *nxdomain = mamori_dns_response_get_rcode (response) == LDNS_RCODE_NXDOMAIN;

  records = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  txt = mamori_dns_response_get_answer (response, LDNS_RR_TYPE_TXT);
  for (size_t i = 0; i < ldns_rr_list_rr_count (txt); i++)
    {
      ldns_rr *rr = ldns_rr_list_rr (txt, i);
      g_autoptr(ldns_rdf) owner = ldns_dname_new_frm_str (name);

      /* Only records at the name asked (not at a CNAME's target's siblings). */
      if (owner != NULL && ldns_dname_compare (ldns_rr_owner (rr), owner) != 0 &&
          ldns_rr_list_rr_count (txt) > 0)
        {
          g_autoptr(ldns_rr_list) cnames = mamori_dns_response_get_answer (response,
                                                                         LDNS_RR_TYPE_CNAME);
          if (ldns_rr_list_rr_count (cnames) == 0)
            continue;
        }
      g_ptr_array_add (records, mamori_dns_txt_rr_to_bytes (rr));
    }
  return records;
}

char *
mamori_dns_rr_to_string (const ldns_rr *rr)
{
  char *str = ldns_rr2str (rr);
  char *result;

  if (str == NULL)
    return g_strdup ("");
  g_strchomp (str);
  result = g_strdup (str);
  free (str);
  return result;
}

char *
mamori_dns_rdf_to_string (const ldns_rdf *rdf)
{
  char *str = ldns_rdf2str (rdf);
  char *result = g_strdup (str != NULL ? str : "");

  free (str);
  return result;
}

char *
mamori_dns_dname_to_string (const ldns_rdf *dname)
{
  char *str = ldns_rdf2str (dname);
  char *result;
  gsize len;

  if (str == NULL)
    return g_strdup ("");
  len = strlen (str);
  if (len > 1 && str[len - 1] == '.')
    str[len - 1] = '\0';
  result = g_ascii_strdown (str, -1);
  free (str);
  return result;
}

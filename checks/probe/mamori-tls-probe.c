/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <curl/curl.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "mamori-error.h"
#include "mamori-tls-probe.h"

#define MAX_PARALLEL 8

/* The suites worth asking about. Classes follow the IPA/CRYPTREC TLS暗号設定ガイドライン
 * Ver.3.0.1 tables: AEAD with forward secrecy is 高セキュリティ型; CBC with forward secrecy
 * joins for 推奨セキュリティ型; static-RSA key exchange and 3DES only for
 * セキュリティ例外型; anonymous and NULL suites are in no class. RC4, DES and EXPORT suites
 * cannot be offered by Debian 12's OpenSSL at all, so they are not probed. */
static const MamoriTlsSuite suites[] = {
  { "TLS_AES_128_GCM_SHA256", "TLS_AES_128_GCM_SHA256", MAMORI_TLS_1_3, MAMORI_TLS_CLASS_HIGH },
  { "TLS_AES_256_GCM_SHA384", "TLS_AES_256_GCM_SHA384", MAMORI_TLS_1_3, MAMORI_TLS_CLASS_HIGH },
  { "TLS_CHACHA20_POLY1305_SHA256", "TLS_CHACHA20_POLY1305_SHA256", MAMORI_TLS_1_3, MAMORI_TLS_CLASS_HIGH },
  { "TLS_AES_128_CCM_SHA256", "TLS_AES_128_CCM_SHA256", MAMORI_TLS_1_3, MAMORI_TLS_CLASS_HIGH },
  { "ECDHE-ECDSA-AES128-GCM-SHA256", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", MAMORI_TLS_1_2, MAMORI_TLS_CLASS_HIGH },
  { "ECDHE-ECDSA-AES256-GCM-SHA384", "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", MAMORI_TLS_1_2, MAMORI_TLS_CLASS_HIGH },
  { "ECDHE-ECDSA-CHACHA20-POLY1305", "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", MAMORI_TLS_1_2, MAMORI_TLS_CLASS_HIGH },
  { "ECDHE-RSA-AES128-GCM-SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", MAMORI_TLS_1_2, MAMORI_TLS_CLASS_HIGH },
  { "ECDHE-RSA-AES256-GCM-SHA384", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", MAMORI_TLS_1_2, MAMORI_TLS_CLASS_HIGH },
  { "ECDHE-RSA-CHACHA20-POLY1305", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256", MAMORI_TLS_1_2, MAMORI_TLS_CLASS_HIGH },
  { "DHE-RSA-AES128-GCM-SHA256", "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256", MAMORI_TLS_1_2, MAMORI_TLS_CLASS_HIGH },
  { "DHE-RSA-AES256-GCM-SHA384", "TLS_DHE_RSA_WITH_AES_256_GCM_SHA384", MAMORI_TLS_1_2, MAMORI_TLS_CLASS_HIGH },
  { "ECDHE-ECDSA-AES128-SHA256", "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256", MAMORI_TLS_1_2, MAMORI_TLS_CLASS_RECOMMENDED },
  { "ECDHE-ECDSA-AES256-SHA384", "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384", MAMORI_TLS_1_2, MAMORI_TLS_CLASS_RECOMMENDED },
  { "ECDHE-RSA-AES128-SHA256", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256", MAMORI_TLS_1_2, MAMORI_TLS_CLASS_RECOMMENDED },
  { "ECDHE-RSA-AES256-SHA384", "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384", MAMORI_TLS_1_2, MAMORI_TLS_CLASS_RECOMMENDED },
  { "ECDHE-ECDSA-AES128-SHA", "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA", MAMORI_TLS_1_2, MAMORI_TLS_CLASS_RECOMMENDED },
  { "ECDHE-ECDSA-AES256-SHA", "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA", MAMORI_TLS_1_2, MAMORI_TLS_CLASS_RECOMMENDED },
  { "ECDHE-RSA-AES128-SHA", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA", MAMORI_TLS_1_2, MAMORI_TLS_CLASS_RECOMMENDED },
  { "ECDHE-RSA-AES256-SHA", "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA", MAMORI_TLS_1_2, MAMORI_TLS_CLASS_RECOMMENDED },
  { "DHE-RSA-AES128-SHA256", "TLS_DHE_RSA_WITH_AES_128_CBC_SHA256", MAMORI_TLS_1_2, MAMORI_TLS_CLASS_RECOMMENDED },
  { "DHE-RSA-AES256-SHA256", "TLS_DHE_RSA_WITH_AES_256_CBC_SHA256", MAMORI_TLS_1_2, MAMORI_TLS_CLASS_RECOMMENDED },
  { "DHE-RSA-AES128-SHA", "TLS_DHE_RSA_WITH_AES_128_CBC_SHA", MAMORI_TLS_1_2, MAMORI_TLS_CLASS_RECOMMENDED },
  { "DHE-RSA-AES256-SHA", "TLS_DHE_RSA_WITH_AES_256_CBC_SHA", MAMORI_TLS_1_2, MAMORI_TLS_CLASS_RECOMMENDED },
  { "AES128-GCM-SHA256", "TLS_RSA_WITH_AES_128_GCM_SHA256", MAMORI_TLS_1_2, MAMORI_TLS_CLASS_EXCEPTION },
  { "AES256-GCM-SHA384", "TLS_RSA_WITH_AES_256_GCM_SHA384", MAMORI_TLS_1_2, MAMORI_TLS_CLASS_EXCEPTION },
  { "AES128-SHA256", "TLS_RSA_WITH_AES_128_CBC_SHA256", MAMORI_TLS_1_2, MAMORI_TLS_CLASS_EXCEPTION },
  { "AES256-SHA256", "TLS_RSA_WITH_AES_256_CBC_SHA256", MAMORI_TLS_1_2, MAMORI_TLS_CLASS_EXCEPTION },
  { "AES128-SHA", "TLS_RSA_WITH_AES_128_CBC_SHA", MAMORI_TLS_1_2, MAMORI_TLS_CLASS_EXCEPTION },
  { "AES256-SHA", "TLS_RSA_WITH_AES_256_CBC_SHA", MAMORI_TLS_1_2, MAMORI_TLS_CLASS_EXCEPTION },
  { "DES-CBC3-SHA", "TLS_RSA_WITH_3DES_EDE_CBC_SHA", MAMORI_TLS_1_2, MAMORI_TLS_CLASS_EXCEPTION },
  { "AECDH-AES128-SHA", "TLS_ECDH_anon_WITH_AES_128_CBC_SHA", MAMORI_TLS_1_2, MAMORI_TLS_CLASS_PROHIBITED },
  { "ADH-AES128-GCM-SHA256", "TLS_DH_anon_WITH_AES_128_GCM_SHA256", MAMORI_TLS_1_2, MAMORI_TLS_CLASS_PROHIBITED },
  { "ECDHE-RSA-NULL-SHA", "TLS_ECDHE_RSA_WITH_NULL_SHA", MAMORI_TLS_1_2, MAMORI_TLS_CLASS_PROHIBITED },
  { "NULL-SHA256", "TLS_RSA_WITH_NULL_SHA256", MAMORI_TLS_1_2, MAMORI_TLS_CLASS_PROHIBITED },
};

const MamoriTlsSuite *
mamori_tls_suites (guint *n_suites)
{
  *n_suites = G_N_ELEMENTS (suites);
  return suites;
}

const char *
mamori_tls_version_to_string (MamoriTlsVersion version)
{
  static const char *names[] = { "TLS 1.0", "TLS 1.1", "TLS 1.2", "TLS 1.3" };

  g_return_val_if_fail (version < MAMORI_TLS_N_VERSIONS, "");
  return names[version];
}

const char *
mamori_tls_class_to_string (MamoriTlsClass klass)
{
  static const char *names[] = { "high", "recommended", "exception", "prohibited" };

  g_return_val_if_fail (klass <= MAMORI_TLS_CLASS_PROHIBITED, "");
  return names[klass];
}

void
mamori_tls_report_free (MamoriTlsReport *report)
{
  if (report == NULL)
    return;
  g_free (report->host);
  g_ptr_array_unref (report->suites);
  g_free (report->cert_error);
  g_free (report->cert_subject);
  g_free (report->cert_issuer);
  g_free (report->cert_signature_algorithm);
  g_free (report->cert_public_key_algorithm);
  g_clear_pointer (&report->cert_not_before, g_date_time_unref);
  g_clear_pointer (&report->cert_not_after, g_date_time_unref);
  g_free (report);
}

GDateTime *
mamori_tls_parse_cert_date (const char *text)
{
  static const char *months[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep",
                                  "Oct", "Nov", "Dec" };
  char month[4] = { 0 };
  int day, hour, minute, second, year;
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();

  if (text == NULL ||
      sscanf (text, "%3s %d %d:%d:%d %d", month, &day, &hour, &minute, &second, &year) != 6)
    return NULL;
  for (guint m = 0; m < 12; m++)
    {
      if (g_str_equal (month, months[m]))
        return g_date_time_new (utc, year, (int) m + 1, day, hour, minute, second);
    }
  return NULL;
}

typedef struct {
  const char         *host;
  const char * const *connect_to;
  const char         *ca_file;
  guint               timeout_ms;
} Target;

typedef struct {
  /* what to offer */
  long            ssl_version;
  const char     *cipher_list;
  const char     *tls13_ciphers;
  gboolean        verify;
  gboolean        certinfo;
  const MamoriTlsSuite *suite;   /* NULL for version/certificate probes */
  int             version_index; /* -1 unless a version probe */
  /* outcome */
  CURLcode        result;
  char            errbuf[CURL_ERROR_SIZE];
  GHashTable     *cert;          /* "Expire date" → value, for certinfo probes */
} Probe;

static size_t
discard_cb (char *ptr, size_t size, size_t nmemb, void *user_data)
{
  return size * nmemb;
}

static void
run_probe (const Target *target,
           Probe        *probe)
{
  CURL *curl = curl_easy_init ();
  struct curl_slist *connect_to = NULL;
  g_autofree char *url = g_strdup_printf ("https://%s/", target->host);

  if (curl == NULL)
    {
      probe->result = CURLE_FAILED_INIT;
      return;
    }
  for (guint i = 0; target->connect_to != NULL && target->connect_to[i] != NULL; i++)
    connect_to = curl_slist_append (connect_to, target->connect_to[i]);

  curl_easy_setopt (curl, CURLOPT_URL, url);
  curl_easy_setopt (curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt (curl, CURLOPT_CONNECT_ONLY, 1L);   /* the handshake is all we need */
  curl_easy_setopt (curl, CURLOPT_TIMEOUT_MS, (long) target->timeout_ms);
  curl_easy_setopt (curl, CURLOPT_CONNECTTIMEOUT_MS, (long) target->timeout_ms);
  curl_easy_setopt (curl, CURLOPT_ERRORBUFFER, probe->errbuf);
  curl_easy_setopt (curl, CURLOPT_WRITEFUNCTION, discard_cb);
  curl_easy_setopt (curl, CURLOPT_SSLVERSION, probe->ssl_version);
  if (connect_to != NULL)
    curl_easy_setopt (curl, CURLOPT_CONNECT_TO, connect_to);
  if (probe->cipher_list != NULL)
    curl_easy_setopt (curl, CURLOPT_SSL_CIPHER_LIST, probe->cipher_list);
  if (probe->tls13_ciphers != NULL)
    curl_easy_setopt (curl, CURLOPT_TLS13_CIPHERS, probe->tls13_ciphers);
  curl_easy_setopt (curl, CURLOPT_SSL_VERIFYPEER, probe->verify ? 1L : 0L);
  curl_easy_setopt (curl, CURLOPT_SSL_VERIFYHOST, probe->verify ? 2L : 0L);
  if (target->ca_file != NULL)
    curl_easy_setopt (curl, CURLOPT_CAINFO, target->ca_file);
  if (probe->certinfo)
    curl_easy_setopt (curl, CURLOPT_CERTINFO, 1L);

  probe->result = curl_easy_perform (curl);

  if (probe->result == CURLE_OK && probe->certinfo)
    {
      struct curl_certinfo *info = NULL;

      if (curl_easy_getinfo (curl, CURLINFO_CERTINFO, &info) == CURLE_OK && info != NULL &&
          info->num_of_certs > 0)
        {
          probe->cert = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
          /* The first certificate is the server's own. */
          for (struct curl_slist *s = info->certinfo[0]; s != NULL; s = s->next)
            {
              const char *colon = strchr (s->data, ':');

              if (colon != NULL && colon - s->data < 64)
                g_hash_table_replace (probe->cert, g_strndup (s->data, colon - s->data),
                                      g_utf8_make_valid (colon + 1, MIN (strlen (colon + 1), 512)));
            }
        }
    }

  curl_slist_free_all (connect_to);
  curl_easy_cleanup (curl);
}

typedef struct {
  const Target *target;
  Probe        *probes;
  guint         n_probes;
  gint          next;       /* atomic */
  gint          refused;    /* atomic: 1 + index of the first probe refused at TCP level */
  GCancellable *cancellable;
} Work;

static void
worker (gpointer data,
        gpointer user_data G_GNUC_UNUSED)
{
  Work *work = data;
  gint i;

  while ((i = g_atomic_int_add (&work->next, 1)) < (gint) work->n_probes)
    {
      gint refused;

      if (g_cancellable_is_cancelled (work->cancellable))
        {
          work->probes[i].result = CURLE_ABORTED_BY_CALLBACK;
          continue;
        }
      /* A host that refuses the TCP connection refuses it for every version and suite
       * alike: the probes not started yet get the same outcome instead of dozens more
       * refused connections (a name with an address but no web server is common). */
      refused = g_atomic_int_get (&work->refused);
      if (refused != 0)
        {
          work->probes[i].result = CURLE_COULDNT_CONNECT;
          memcpy (work->probes[i].errbuf, work->probes[refused - 1].errbuf,
                  sizeof work->probes[i].errbuf);
          continue;
        }
      run_probe (work->target, &work->probes[i]);
      if (work->probes[i].result == CURLE_COULDNT_CONNECT)
        g_atomic_int_compare_and_exchange (&work->refused, 0, i + 1);
    }
}

/* Once per process and never undone: a cleanup that brings libcurl's count back to zero
 * tears down the TLS library, and the next probe (the next domain of a batch) would set it
 * all up again. */
static gboolean
curl_ready (void)
{
  static gsize result;

  if (g_once_init_enter (&result))
    {
      CURLcode code = curl_global_init (CURL_GLOBAL_DEFAULT);
      g_once_init_leave (&result, code == CURLE_OK ? 1 : 2);
    }
  return result == 1;
}

static const long version_flags[MAMORI_TLS_N_VERSIONS] = {
  CURL_SSLVERSION_TLSv1_0 | CURL_SSLVERSION_MAX_TLSv1_0,
  CURL_SSLVERSION_TLSv1_1 | CURL_SSLVERSION_MAX_TLSv1_1,
  CURL_SSLVERSION_TLSv1_2 | CURL_SSLVERSION_MAX_TLSv1_2,
  CURL_SSLVERSION_TLSv1_3 | CURL_SSLVERSION_MAX_TLSv1_3,
};

static guint
parse_rsa_bits (const char *text)
{
  guint64 bits = 0;

  if (text == NULL)
    return 0;
  /* "(2048 bit)" or "2048" depending on the TLS backend. */
  while (*text != '\0' && !g_ascii_isdigit (*text))
    text++;
  bits = g_ascii_strtoull (text, NULL, 10);
  return bits <= 65536 ? (guint) bits : 0;
}

MamoriTlsReport *
mamori_tls_probe (const char          *host,
                  const char * const  *connect_to,
                  const char          *ca_file,
                  guint                timeout_ms,
                  GCancellable        *cancellable,
                  GError             **error)
{
  Target target = { host, connect_to, ca_file, timeout_ms > 0 ? timeout_ms : 5000 };
  g_autoptr(MamoriTlsReport) report = g_new0 (MamoriTlsReport, 1);
  g_autofree Probe *probes = NULL;
  g_autofree char **cipher_lists = NULL;
  GThreadPool *pool;
  Work work = { 0 };
  guint n = 0, n_threads;
  Probe *info_probe, *verify_probe;

  if (!curl_ready ())
    {
      g_set_error (error, MAMORI_ERROR, MAMORI_ERROR_NETWORK, _("Could not initialise libcurl"));
      return NULL;
    }

  report->host = g_strdup (host);
  report->suites = g_ptr_array_new ();

  probes = g_new0 (Probe, MAMORI_TLS_N_VERSIONS + G_N_ELEMENTS (suites) + 2);
  cipher_lists = g_new0 (char *, G_N_ELEMENTS (suites) + 1);

  /* Each version on its own; SECLEVEL=0 so that the client side does not refuse TLS 1.0,
   * 1.1 or weak suites before the server had a say. */
  for (int v = 0; v < MAMORI_TLS_N_VERSIONS; v++)
    {
      probes[n].ssl_version = version_flags[v];
      probes[n].cipher_list = v < MAMORI_TLS_1_3 ? "ALL:@SECLEVEL=0" : NULL;
      probes[n].version_index = v;
      n++;
    }
  for (guint s = 0; s < G_N_ELEMENTS (suites); s++)
    {
      probes[n].suite = &suites[s];
      probes[n].version_index = -1;
      if (suites[s].version == MAMORI_TLS_1_3)
        {
          probes[n].ssl_version = version_flags[MAMORI_TLS_1_3];
          probes[n].tls13_ciphers = suites[s].openssl_name;
        }
      else
        {
          probes[n].ssl_version = version_flags[MAMORI_TLS_1_2];
          cipher_lists[s] = g_strconcat (suites[s].openssl_name, ":@SECLEVEL=0", NULL);
          probes[n].cipher_list = cipher_lists[s];
        }
      n++;
    }
  info_probe = &probes[n++];
  info_probe->ssl_version = CURL_SSLVERSION_DEFAULT;
  info_probe->certinfo = TRUE;
  info_probe->version_index = -1;
  verify_probe = &probes[n++];
  verify_probe->ssl_version = CURL_SSLVERSION_DEFAULT;
  verify_probe->verify = TRUE;
  verify_probe->version_index = -1;

  work.target = &target;
  work.probes = probes;
  work.n_probes = n;
  work.cancellable = cancellable;
  n_threads = MIN (MAX_PARALLEL, n);
  /* GLib's shared threads rather than new ones: a batch probes one host after another. */
  pool = g_thread_pool_new (worker, NULL, (int) n_threads, FALSE, NULL);
  for (guint t = 0; t < n_threads; t++)
    g_thread_pool_push (pool, &work, NULL);
  g_thread_pool_free (pool, FALSE, TRUE);

  for (guint s = 0; s < G_N_ELEMENTS (suites); s++)
    g_free (cipher_lists[s]);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    {
      for (guint i = 0; i < n; i++)
        g_clear_pointer (&probes[i].cert, g_hash_table_unref);
      return NULL;
    }

  for (guint i = 0; i < n; i++)
    {
      Probe *p = &probes[i];

      if (p->result == CURLE_OK)
        report->reachable = TRUE;
      if (p->result == CURLE_OK && p->version_index >= 0)
        report->versions[p->version_index] = TRUE;
      if (p->result == CURLE_OK && p->suite != NULL)
        g_ptr_array_add (report->suites, (gpointer) p->suite);
    }

  if (info_probe->cert != NULL)
    {
      GHashTable *cert = info_probe->cert;

      report->cert_subject = g_strdup (g_hash_table_lookup (cert, "Subject"));
      report->cert_issuer = g_strdup (g_hash_table_lookup (cert, "Issuer"));
      report->cert_signature_algorithm = g_strdup (g_hash_table_lookup (cert, "Signature Algorithm"));
      report->cert_public_key_algorithm = g_strdup (g_hash_table_lookup (cert, "Public Key Algorithm"));
      report->cert_rsa_bits = parse_rsa_bits (g_hash_table_lookup (cert, "RSA Public Key"));
      report->cert_not_before = mamori_tls_parse_cert_date (g_hash_table_lookup (cert, "Start date"));
      report->cert_not_after = mamori_tls_parse_cert_date (g_hash_table_lookup (cert, "Expire date"));
    }
  report->cert_verified = verify_probe->result == CURLE_OK;
  if (!report->cert_verified && verify_probe->result != CURLE_COULDNT_CONNECT)
    report->cert_error = g_utf8_make_valid (verify_probe->errbuf[0] != '\0'
                                            ? verify_probe->errbuf
                                            : curl_easy_strerror (verify_probe->result), -1);

  if (!report->reachable)
    {
      CURLcode code = info_probe->result;

      for (guint i = 0; i < n; i++)
        g_clear_pointer (&probes[i].cert, g_hash_table_unref);
      g_set_error (error, MAMORI_ERROR,
                   code == CURLE_OPERATION_TIMEDOUT ? MAMORI_ERROR_TIMEOUT : MAMORI_ERROR_NETWORK,
                   _("Could not make a TLS connection to %s: %s"), host,
                   info_probe->errbuf[0] != '\0' ? info_probe->errbuf : curl_easy_strerror (code));
      return NULL;
    }

  for (guint i = 0; i < n; i++)
    g_clear_pointer (&probes[i].cert, g_hash_table_unref);
  return g_steal_pointer (&report);
}

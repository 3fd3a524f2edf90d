/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <curl/curl.h>
#include <glib/gi18n-lib.h>
#include <string.h>

#include "mamori-autocleanups.h"
#include "mamori-http.h"

G_DEFINE_QUARK (mamori-http-error-quark, mamori_http_error)

typedef struct {
  GByteArray   *body;
  gsize         max_size;
  gboolean      too_large;
  GPtrArray    *headers;
  GCancellable *cancellable;
} Transfer;

/* curl_global_init is not thread-safe: run it exactly once, before any handle exists. */
static gboolean
http_init (GError **error)
{
  static gsize result;

  if (g_once_init_enter (&result))
    {
      CURLcode code = curl_global_init (CURL_GLOBAL_DEFAULT);
      g_once_init_leave (&result, code == CURLE_OK ? 1 : 2);
    }
  if (result != 1)
    {
      g_set_error (error, MAMORI_HTTP_ERROR, MAMORI_HTTP_ERROR_PROTOCOL,
                   _("Could not initialise libcurl"));
      return FALSE;
    }
  return TRUE;
}

static size_t
write_cb (char   *data,
          size_t  size,
          size_t  nmemb,
          void   *user_data)
{
  Transfer *transfer = user_data;
  gsize len = size * nmemb;

  if (transfer->body->len + len > transfer->max_size)
    {
      transfer->too_large = TRUE;
      return 0;   /* makes curl stop with CURLE_WRITE_ERROR */
    }
  g_byte_array_append (transfer->body, (const guint8 *) data, (guint) len);
  return len;
}

static size_t
header_cb (char   *data,
           size_t  size,
           size_t  nmemb,
           void   *user_data)
{
  Transfer *transfer = user_data;
  gsize len = size * nmemb;
  g_autofree char *line = NULL;

  /* A new status line starts a new response (after 1xx or a redirect): keep only the
   * final response's headers. */
  if (len >= 5 && memcmp (data, "HTTP/", 5) == 0)
    {
      g_ptr_array_set_size (transfer->headers, 0);
      return len;
    }
  if (transfer->headers->len >= 200)
    return len;   /* enough for any evidence; a server cannot make us hoard */
  line = g_utf8_make_valid (data, (gssize) MIN (len, 8192));
  g_strstrip (line);
  if (*line != '\0')
    g_ptr_array_add (transfer->headers, g_steal_pointer (&line));
  return len;
}

static int
progress_cb (void       *user_data,
             curl_off_t  dltotal,
             curl_off_t  dlnow,
             curl_off_t  ultotal,
             curl_off_t  ulnow)
{
  Transfer *transfer = user_data;

  return g_cancellable_is_cancelled (transfer->cancellable) ? 1 : 0;
}

static void
set_curl_error (GError     **error,
                CURLcode     code,
                const char  *url,
                const char  *detail,
                Transfer    *transfer)
{
  const char *why = detail != NULL && *detail != '\0' ? detail : curl_easy_strerror (code);

  switch (code)
    {
    case CURLE_COULDNT_RESOLVE_HOST:
      g_set_error (error, MAMORI_HTTP_ERROR, MAMORI_HTTP_ERROR_RESOLVE,
                   _("The web server of %s could not be found: %s"), url, why);
      break;
    case CURLE_COULDNT_CONNECT:
      g_set_error (error, MAMORI_HTTP_ERROR, MAMORI_HTTP_ERROR_CONNECT,
                   _("Could not connect to %s: %s"), url, why);
      break;
    case CURLE_OPERATION_TIMEDOUT:
      g_set_error (error, MAMORI_HTTP_ERROR, MAMORI_HTTP_ERROR_TIMEOUT,
                   _("%s did not answer in time"), url);
      break;
    case CURLE_PEER_FAILED_VERIFICATION:
      g_set_error (error, MAMORI_HTTP_ERROR, MAMORI_HTTP_ERROR_TLS_VERIFY,
                   _("The certificate of %s is not valid: %s"), url, why);
      break;
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_ISSUER_ERROR:
      g_set_error (error, MAMORI_HTTP_ERROR, MAMORI_HTTP_ERROR_TLS,
                   _("The TLS connection to %s failed: %s"), url, why);
      break;
    case CURLE_ABORTED_BY_CALLBACK:
      g_set_error (error, MAMORI_HTTP_ERROR, MAMORI_HTTP_ERROR_CANCELLED,
                   _("The request to %s was cancelled"), url);
      break;
    case CURLE_WRITE_ERROR:
      if (transfer->too_large)
        {
          g_autofree char *size = g_strdup_printf ("%" G_GSIZE_FORMAT, transfer->max_size);

          g_set_error (error, MAMORI_HTTP_ERROR, MAMORI_HTTP_ERROR_TOO_LARGE,
                       _("%s sent more than %s bytes"), url, size);
          break;
        }
      G_GNUC_FALLTHROUGH;
    default:
      g_set_error (error, MAMORI_HTTP_ERROR, MAMORI_HTTP_ERROR_PROTOCOL,
                   _("The request to %s failed: %s"), url, why);
      break;
    }
}

MamoriHttpResponse *
mamori_http_get (const char               *url,
                 const MamoriHttpOptions  *options,
                 GCancellable             *cancellable,
                 GError                  **error)
{
  g_autoptr(CURL) curl = NULL;
  struct curl_slist *connect_to = NULL;   /* freed after the handle, which uses it */
  char errbuf[CURL_ERROR_SIZE] = "";
  Transfer transfer = { 0 };
  MamoriHttpResponse *response;
  CURLcode code;
  long status = 0;
  char *effective = NULL;

  g_return_val_if_fail (url != NULL, NULL);
  g_return_val_if_fail (options != NULL, NULL);

  if (!http_init (error))
    return NULL;
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  curl = curl_easy_init ();
  if (curl == NULL)
    {
      g_set_error (error, MAMORI_HTTP_ERROR, MAMORI_HTTP_ERROR_PROTOCOL,
                   _("Could not initialise libcurl"));
      return NULL;
    }

  transfer.body = g_byte_array_new ();
  transfer.max_size = options->max_size > 0 ? options->max_size : 1024 * 1024;
  transfer.headers = g_ptr_array_new_with_free_func (g_free);
  transfer.cancellable = cancellable;

  for (guint i = 0; options->connect_to != NULL && options->connect_to[i] != NULL; i++)
    connect_to = curl_slist_append (connect_to, options->connect_to[i]);

  curl_easy_setopt (curl, CURLOPT_URL, url);
  /* Only the schemes a probe means; a redirect must not lead to file:// or gopher://. */
  curl_easy_setopt (curl, CURLOPT_PROTOCOLS_STR, "https,http");
  curl_easy_setopt (curl, CURLOPT_REDIR_PROTOCOLS_STR, "https");
  curl_easy_setopt (curl, CURLOPT_FOLLOWLOCATION, options->follow_redirects ? 1L : 0L);
  curl_easy_setopt (curl, CURLOPT_MAXREDIRS, 5L);
  /* Signals cannot be used from worker threads. */
  curl_easy_setopt (curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt (curl, CURLOPT_TIMEOUT_MS,
                    (long) (options->timeout_ms > 0 ? options->timeout_ms : 10000));
  /* The organisation's own servers are asked directly, never through a proxy from the
   * environment (which would also break the loopback lab). */
  curl_easy_setopt (curl, CURLOPT_NOPROXY, "*");
  curl_easy_setopt (curl, CURLOPT_USERAGENT, "Mamori/" PACKAGE_VERSION);
  curl_easy_setopt (curl, CURLOPT_ACCEPT_ENCODING, "");
  curl_easy_setopt (curl, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t) transfer.max_size);
  curl_easy_setopt (curl, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt (curl, CURLOPT_SSL_VERIFYHOST, 2L);
  if (options->ca_file != NULL)
    curl_easy_setopt (curl, CURLOPT_CAINFO, options->ca_file);
  if (connect_to != NULL)
    curl_easy_setopt (curl, CURLOPT_CONNECT_TO, connect_to);
  curl_easy_setopt (curl, CURLOPT_ERRORBUFFER, errbuf);
  curl_easy_setopt (curl, CURLOPT_WRITEFUNCTION, write_cb);
  curl_easy_setopt (curl, CURLOPT_WRITEDATA, &transfer);
  curl_easy_setopt (curl, CURLOPT_HEADERFUNCTION, header_cb);
  curl_easy_setopt (curl, CURLOPT_HEADERDATA, &transfer);
  curl_easy_setopt (curl, CURLOPT_XFERINFOFUNCTION, progress_cb);
  curl_easy_setopt (curl, CURLOPT_XFERINFODATA, &transfer);
  curl_easy_setopt (curl, CURLOPT_NOPROGRESS, 0L);

  code = curl_easy_perform (curl);
  if (code == CURLE_OK)
    {
      char *url_info = NULL;

      curl_easy_getinfo (curl, CURLINFO_RESPONSE_CODE, &status);
      curl_easy_getinfo (curl, CURLINFO_EFFECTIVE_URL, &url_info);
      effective = g_strdup (url_info);   /* owned by the handle */
    }
  g_clear_pointer (&curl, curl_easy_cleanup);
  curl_slist_free_all (connect_to);
  if (code == CURLE_FILESIZE_EXCEEDED)
    {
      transfer.too_large = TRUE;
      code = CURLE_WRITE_ERROR;
    }
  if (code != CURLE_OK)
    {
      g_autofree char *detail = g_utf8_make_valid (errbuf, -1);

      set_curl_error (error, code, url, detail, &transfer);
      g_byte_array_unref (transfer.body);
      g_ptr_array_unref (transfer.headers);
      return NULL;
    }

  response = g_new0 (MamoriHttpResponse, 1);
  response->status = (guint) status;
  response->headers = transfer.headers;
  response->body = g_byte_array_free_to_bytes (transfer.body);
  response->effective_url = g_strdup (effective != NULL ? effective : url);
  g_free (effective);
  return response;
}

const char *
mamori_http_response_get_header (MamoriHttpResponse *self,
                                 const char         *name)
{
  gsize name_len = strlen (name);

  for (guint i = 0; i < self->headers->len; i++)
    {
      const char *line = g_ptr_array_index (self->headers, i);

      if (g_ascii_strncasecmp (line, name, name_len) == 0 && line[name_len] == ':')
        {
          const char *value = line + name_len + 1;

          while (*value == ' ' || *value == '\t')
            value++;
          return value;
        }
    }
  return NULL;
}

void
mamori_http_response_free (MamoriHttpResponse *self)
{
  if (self == NULL)
    return;
  g_ptr_array_unref (self->headers);
  g_bytes_unref (self->body);
  g_free (self->effective_url);
  g_free (self);
}

GStrv
mamori_http_connect_to_from_dns (MamoriDns     *dns,
                                 const char    *host,
                                 guint          port,
                                 guint          connect_port,
                                 GCancellable  *cancellable,
                                 GError       **error)
{
  static const ldns_rr_type types[] = { LDNS_RR_TYPE_A, LDNS_RR_TYPE_AAAA };
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(GError) first_error = NULL;
  guint count = 0;

  if (connect_port == 0)
    connect_port = port;

  /* Both questions at once. */
  mamori_dns_prefetch (dns, host, LDNS_RR_TYPE_AAAA, MAMORI_DNS_FLAGS_NONE);
  for (guint t = 0; t < G_N_ELEMENTS (types); t++)
    {
      g_autoptr(MamoriDnsResponse) response = NULL;
      g_autoptr(ldns_rr_list) answer = NULL;
      g_autoptr(GError) local_error = NULL;

      response = mamori_dns_query (dns, host, types[t], MAMORI_DNS_FLAGS_NONE, cancellable,
                                   &local_error);
      if (response == NULL || !mamori_dns_response_check_rcode (response, host, &local_error))
        {
          if (first_error == NULL)
            first_error = g_steal_pointer (&local_error);
          continue;
        }
      answer = mamori_dns_response_get_answer (response, types[t]);
      for (size_t i = 0; i < ldns_rr_list_rr_count (answer); i++)
        {
          g_autofree char *addr = mamori_dns_rdf_to_string (ldns_rr_rdf (ldns_rr_list_rr (answer,
                                                                                          i), 0));
          g_autofree char *entry = NULL;

          /* curl takes the first entry for a host:port, so the addresses are not all
           * tried; the first A record (or AAAA without A) is what a client uses first. */
          if (count > 0)
            continue;
          entry = g_strdup_printf (types[t] == LDNS_RR_TYPE_AAAA ? "%s:%u:[%s]:%u" : "%s:%u:%s:%u",
                                   host, port, addr, connect_port);
          g_strv_builder_add (builder, entry);
          count++;
        }
    }

  if (count == 0)
    {
      if (first_error != NULL)
        g_set_error (error, MAMORI_HTTP_ERROR, MAMORI_HTTP_ERROR_RESOLVE,
                     _("Could not look up the address of %s: %s"), host, first_error->message);
      else
        g_set_error (error, MAMORI_HTTP_ERROR, MAMORI_HTTP_ERROR_RESOLVE,
                     _("%s has no address (no A or AAAA record)"), host);
      return NULL;
    }
  return g_strv_builder_end (builder);
}

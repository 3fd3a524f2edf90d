/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "mamori-autocleanups.h"
#include "mamori-dns.h"
#include "mamori-error.h"
#include "mamori-website.h"

/* TRUE when host has an A or AAAA record; FALSE with error unset when it has none; FALSE
 * with error set when the resolver could not tell. */
static gboolean
has_address (MamoriDns     *dns,
             const char    *host,
             GCancellable  *cancellable,
             GError       **error)
{
  const ldns_rr_type types[] = { LDNS_RR_TYPE_A, LDNS_RR_TYPE_AAAA };
  g_autoptr(GError) first_error = NULL;

  for (guint t = 0; t < G_N_ELEMENTS (types); t++)
    {
      g_autoptr(GError) local_error = NULL;
      g_autoptr(MamoriDnsResponse) response = mamori_dns_query (dns, host, types[t],
                                                                MAMORI_DNS_FLAGS_NONE,
                                                                cancellable, &local_error);
      g_autoptr(ldns_rr_list) answer = NULL;

      if (response == NULL || !mamori_dns_response_check_rcode (response, host, &local_error))
        {
          if (first_error == NULL)
            first_error = g_steal_pointer (&local_error);
          continue;
        }
      answer = mamori_dns_response_get_answer (response, types[t]);
      if (ldns_rr_list_rr_count (answer) > 0)
        return TRUE;
    }
  /* An unanswered question leaves it undecided, not "no website". */
  if (first_error != NULL)
    g_propagate_error (error, g_steal_pointer (&first_error));
  return FALSE;
}

char *
mamori_website_host (MamoriCheckContext  *ctx,
                     GError             **error)
{
  MamoriDns *dns = mamori_check_context_get_dns (ctx);
  GCancellable *cancellable = mamori_check_context_get_cancellable (ctx);
  const char *domain = mamori_check_context_get_subject (ctx);
  g_autofree char *www = g_strconcat ("www.", domain, NULL);

  /* All four questions at once: whichever host wins, the answers are needed. */
  mamori_dns_prefetch (dns, domain, LDNS_RR_TYPE_A, MAMORI_DNS_FLAGS_NONE);
  mamori_dns_prefetch (dns, domain, LDNS_RR_TYPE_AAAA, MAMORI_DNS_FLAGS_NONE);
  mamori_dns_prefetch (dns, www, LDNS_RR_TYPE_A, MAMORI_DNS_FLAGS_NONE);
  mamori_dns_prefetch (dns, www, LDNS_RR_TYPE_AAAA, MAMORI_DNS_FLAGS_NONE);

  if (has_address (dns, domain, cancellable, error))
    return g_strdup (domain);
  if (error != NULL && *error != NULL)
    return NULL;
  if (has_address (dns, www, cancellable, error))
    return g_steal_pointer (&www);
  return NULL;
}

gboolean
mamori_website_begin (MamoriCheckContext  *ctx,
                      char               **host,
                      GError             **error)
{
  GError *local_error = NULL;
  MamoriFinding *f;

  *host = mamori_website_host (ctx, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  if (*host == NULL)
    {
      f = mamori_check_context_add_finding (ctx, MAMORI_STATUS_NOT_APPLICABLE, MAMORI_SEVERITY_INFO);
      mamori_finding_set_message (f, N_("Neither {0} nor www.{0} has an address: there is no "
                                        "website to check."),
                                  mamori_check_context_get_subject (ctx), NULL);
    }
  return TRUE;
}

GStrv
mamori_website_connect_to (MamoriCheckContext  *ctx,
                           const char          *host,
                           guint                port,
                           GError             **error)
{
  MamoriCheckOptions *options = mamori_check_context_get_options (ctx);
  guint connect_port = port == 443 ? options->https_port : options->http_port;

  return mamori_http_connect_to_from_dns (mamori_check_context_get_dns (ctx), host, port,
                                          connect_port,
                                          mamori_check_context_get_cancellable (ctx), error);
}

MamoriHttpResponse *
mamori_website_get (MamoriCheckContext  *ctx,
                    const char          *host,
                    const char          *url,
                    guint                port,
                    gsize                max_size,
                    GError             **error)
{
  MamoriCheckOptions *options = mamori_check_context_get_options (ctx);
  g_auto(GStrv) connect_to = mamori_website_connect_to (ctx, host, port, error);
  MamoriHttpOptions http = { 0 };

  if (connect_to == NULL)
    return NULL;
  http.timeout_ms = MAX (options->timeout_ms, 1000) * 2;
  http.max_size = max_size;
  http.follow_redirects = FALSE;
  http.ca_file = options->ca_file;
  http.connect_to = (const char * const *) connect_to;
  return mamori_http_get (url, &http, mamori_check_context_get_cancellable (ctx), error);
}

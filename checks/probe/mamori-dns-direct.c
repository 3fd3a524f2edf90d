/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "mamori-autocleanups.h"
#include "mamori-dns-direct.h"
#include "mamori-error.h"

ldns_pkt *
mamori_dns_direct_query (const char    *address,
                         guint16        port,
                         const char    *name,
                         ldns_rr_type   type,
                         guint          timeout_ms,
                         GCancellable  *cancellable,
                         GError       **error)
{
  g_autoptr(GInetAddress) inet = NULL;
  g_autoptr(ldns_resolver) res = NULL;
  g_autoptr(ldns_rdf) server = NULL;
  g_autoptr(ldns_rdf) qname = NULL;
  struct timeval timeout;
  ldns_pkt *pkt = NULL;
  ldns_status status;

  g_return_val_if_fail (address != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  inet = g_inet_address_new_from_string (address);
  if (inet != NULL)
    server = ldns_rdf_new_frm_str (g_inet_address_get_family (inet) == G_SOCKET_FAMILY_IPV6
                                   ? LDNS_RDF_TYPE_AAAA : LDNS_RDF_TYPE_A, address);
  if (server == NULL)
    {
      g_set_error (error, MAMORI_ERROR, MAMORI_ERROR_INVALID_INPUT,
                   _("“%s” is not an IP address"), address);
      return NULL;
    }
  qname = ldns_dname_new_frm_str (name);
  if (qname == NULL)
    {
      g_set_error (error, MAMORI_ERROR, MAMORI_ERROR_INVALID_INPUT,
                   _("“%s” is not a valid DNS name"), name);
      return NULL;
    }

  res = ldns_resolver_new ();
  if (ldns_resolver_push_nameserver (res, server) != LDNS_STATUS_OK)
    {
      g_set_error (error, MAMORI_ERROR, MAMORI_ERROR_NETWORK, _("Could not set up the resolver"));
      return NULL;
    }
  if (timeout_ms == 0)
    timeout_ms = 3000;
  /* One try of a third of the budget, then two more: a lost UDP packet is not a lame server. */
  timeout_ms = MAX (timeout_ms / 3, 100);
  timeout.tv_sec = timeout_ms / 1000;
  timeout.tv_usec = (timeout_ms % 1000) * 1000;
  ldns_resolver_set_port (res, port != 0 ? port : 53);
  ldns_resolver_set_recursive (res, false);
  ldns_resolver_set_dnssec (res, false);
  ldns_resolver_set_edns_udp_size (res, 1232);
  ldns_resolver_set_fallback (res, true);
  ldns_resolver_set_timeout (res, timeout);
  ldns_resolver_set_retry (res, 3);
  ldns_resolver_set_retrans (res, 0);

  /* Flags 0: no RD, so the server answers from its own data or refers us elsewhere. */
  status = ldns_resolver_send (&pkt, res, qname, type, LDNS_RR_CLASS_IN, 0);
  if (status != LDNS_STATUS_OK || pkt == NULL)
    {
      g_autofree char *type_str = ldns_rr_type2str (type);

      if (pkt != NULL)
        ldns_pkt_free (pkt);
      g_set_error (error, MAMORI_ERROR, MAMORI_ERROR_TIMEOUT,
                   _("The name server %s did not answer the %s query for “%s”"),
                   address, type_str, name);
      return NULL;
    }
  return pkt;
}

char *
mamori_dns_network_prefix (const char  *address,
                           GError     **error)
{
  g_autoptr(GInetAddress) inet = NULL;
  g_autoptr(GInetAddress) masked = NULL;
  guint8 bytes[16] = { 0 };
  gsize size;
  guint prefix;
  g_autofree char *text = NULL;

  inet = address != NULL ? g_inet_address_new_from_string (address) : NULL;
  if (inet == NULL)
    {
      g_set_error (error, MAMORI_ERROR, MAMORI_ERROR_INVALID_INPUT,
                   _("“%s” is not an IP address"), address != NULL ? address : "");
      return NULL;
    }
  size = g_inet_address_get_native_size (inet);
  memcpy (bytes, g_inet_address_to_bytes (inet), size);
  if (size == 4)
    {
      prefix = 24;
      bytes[3] = 0;
    }
  else
    {
      prefix = 48;
      memset (bytes + 6, 0, 10);
    }
  masked = g_inet_address_new_from_bytes (bytes, g_inet_address_get_family (inet));
  text = g_inet_address_to_string (masked);
  return g_strdup_printf ("%s/%u", text, prefix);
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "mamori-error.h"
#include "mamori-rtr.h"

enum {
  PDU_SERIAL_NOTIFY = 0,
  PDU_SERIAL_QUERY = 1,
  PDU_RESET_QUERY = 2,
  PDU_CACHE_RESPONSE = 3,
  PDU_IPV4_PREFIX = 4,
  PDU_IPV6_PREFIX = 6,
  PDU_END_OF_DATA = 7,
  PDU_CACHE_RESET = 8,
  PDU_ROUTER_KEY = 9,
  PDU_ERROR_REPORT = 10,
};

enum {
  ERR_NO_DATA = 2,
  ERR_UNSUPPORTED_VERSION = 4,
};

#define HEADER_LEN 8
#define MAX_PDU_LEN (64 * 1024)       /* far above any valid PDU a reset answer holds */
#define MAX_VRPS (8 * 1024 * 1024)    /* the global table holds well under a million */

struct _MamoriRtrParser
{
  guint8        version;
  gboolean      got_response;
  guint16       session;
  guint32       serial;
  GByteArray   *buffer;
  MamoriVrpSet *vrps;
};

MamoriRtrParser *
mamori_rtr_parser_new (guint8 version)
{
  MamoriRtrParser *self = g_new0 (MamoriRtrParser, 1);

  self->version = version;
  self->buffer = g_byte_array_new ();
  self->vrps = mamori_vrp_set_new ();
  return self;
}

void
mamori_rtr_parser_free (MamoriRtrParser *self)
{
  if (self == NULL)
    return;
  g_byte_array_unref (self->buffer);
  mamori_vrp_set_unref (self->vrps);
  g_free (self);
}

MamoriVrpSet *
mamori_rtr_parser_get_vrps (MamoriRtrParser *self)
{
  return self->vrps;
}

guint32
mamori_rtr_parser_get_serial (MamoriRtrParser *self)
{
  return self->serial;
}

static guint16
get16 (const guint8 *p)
{
  return (guint16) ((p[0] << 8) | p[1]);
}

static guint32
get32 (const guint8 *p)
{
  return ((guint32) p[0] << 24) | ((guint32) p[1] << 16) | ((guint32) p[2] << 8) | p[3];
}

static MamoriRtrStatus
fail (GError     **error,
      const char  *message,
      guint        detail)
{
  g_set_error (error, MAMORI_ERROR, MAMORI_ERROR_PROTOCOL,
               _("The RPKI cache sent an invalid answer: %s (%u)"), message, detail);
  return MAMORI_RTR_FAILED;
}

static MamoriRtrStatus
handle_error_report (MamoriRtrParser  *self,
                     const guint8     *pdu,
                     guint32           len,
                     GError          **error)
{
  guint16 code = get16 (pdu + 2);
  guint32 encapsulated, text_len;
  g_autofree char *text = NULL;

  if (len < 16)
    return fail (error, "short Error Report", len);
  encapsulated = get32 (pdu + 8);
  if (encapsulated > len - 16)
    return fail (error, "Error Report length", encapsulated);
  text_len = get32 (pdu + 12 + encapsulated);
  if (text_len > len - 16 - encapsulated)
    return fail (error, "Error Report text length", text_len);
  text = g_utf8_make_valid ((const char *) pdu + 16 + encapsulated, text_len);

  if (code == ERR_UNSUPPORTED_VERSION && self->version > 0 && !self->got_response)
    return MAMORI_RTR_DOWNGRADE;
  if (code == ERR_NO_DATA)
    {
      g_set_error (error, MAMORI_ERROR, MAMORI_ERROR_NETWORK,
                   _("The RPKI cache has no data yet (it is still starting): %s"), text);
      return MAMORI_RTR_FAILED;
    }
  g_set_error (error, MAMORI_ERROR, MAMORI_ERROR_PROTOCOL,
               _("The RPKI cache reported error %u: %s"), code, text);
  return MAMORI_RTR_FAILED;
}

static MamoriRtrStatus
handle_pdu (MamoriRtrParser  *self,
            const guint8     *pdu,
            guint32           len,
            GError          **error)
{
  guint8 version = pdu[0];
  guint8 type = pdu[1];

  if (type == PDU_ERROR_REPORT)
    return handle_error_report (self, pdu, len, error);

  /* RFC 8210 §7: a cache may answer with a lower version, which the router then uses. */
  if (!self->got_response && version < self->version && type == PDU_CACHE_RESPONSE)
    self->version = version;
  if (version != self->version)
    return fail (error, "unexpected protocol version", version);

  switch (type)
    {
    case PDU_SERIAL_NOTIFY:
      if (len != 12)
        return fail (error, "Serial Notify length", len);
      return MAMORI_RTR_NEED_MORE;

    case PDU_CACHE_RESPONSE:
      if (len != 8)
        return fail (error, "Cache Response length", len);
      if (self->got_response)
        return fail (error, "second Cache Response", type);
      self->got_response = TRUE;
      self->session = get16 (pdu + 2);
      return MAMORI_RTR_NEED_MORE;

    case PDU_IPV4_PREFIX:
    case PDU_IPV6_PREFIX:
      {
        gboolean v4 = type == PDU_IPV4_PREFIX;
        guint32 expected = v4 ? 20 : 32;
        guint8 bits = v4 ? 32 : 128;
        MamoriVrp vrp = { 0 };

        if (len != expected)
          return fail (error, "prefix PDU length", len);
        if (!self->got_response)
          return fail (error, "prefix before Cache Response", type);
        vrp.family = v4 ? 4 : 6;
        vrp.prefix_len = pdu[9];
        vrp.max_len = pdu[10];
        if (vrp.prefix_len > bits || vrp.max_len > bits || vrp.max_len < vrp.prefix_len)
          return fail (error, "prefix or max length out of range", vrp.max_len);
        memcpy (vrp.addr, pdu + 12, v4 ? 4 : 16);
        vrp.asn = get32 (pdu + (v4 ? 16 : 28));
        if ((pdu[8] & 1) == 0)
          return MAMORI_RTR_NEED_MORE;   /* a withdrawal has no place in a full answer */
        if (mamori_vrp_set_get_size (self->vrps) >= MAX_VRPS)
          return fail (error, "too many VRPs", MAX_VRPS);
        mamori_vrp_set_add (self->vrps, &vrp);
        return MAMORI_RTR_NEED_MORE;
      }

    case PDU_ROUTER_KEY:
      if (self->version < 1)
        return fail (error, "Router Key in version 0", type);
      return MAMORI_RTR_NEED_MORE;   /* BGPsec keys: not needed for origin validation */

    case PDU_END_OF_DATA:
      if (len != (self->version == 0 ? 12u : 24u))
        return fail (error, "End of Data length", len);
      if (!self->got_response)
        return fail (error, "End of Data before Cache Response", type);
      if (get16 (pdu + 2) != self->session)
        return fail (error, "End of Data for another session", get16 (pdu + 2));
      self->serial = get32 (pdu + 8);
      return MAMORI_RTR_DONE;

    case PDU_CACHE_RESET:
      if (len != 8)
        return fail (error, "Cache Reset length", len);
      g_set_error (error, MAMORI_ERROR, MAMORI_ERROR_PROTOCOL,
                   _("The RPKI cache answered a full query with Cache Reset"));
      return MAMORI_RTR_FAILED;

    default:
      /* ASPA (type 11) belongs to version 2, which this client never asks for. */
      return fail (error, "unknown PDU type", type);
    }
}

MamoriRtrStatus
mamori_rtr_parser_feed (MamoriRtrParser  *self,
                        const guint8     *data,
                        gsize             len,
                        GError          **error)
{
  gsize offset = 0;

  g_byte_array_append (self->buffer, data, (guint) len);

  while (self->buffer->len - offset >= HEADER_LEN)
    {
      const guint8 *pdu = self->buffer->data + offset;
      guint32 pdu_len = get32 (pdu + 4);
      MamoriRtrStatus status;

      if (pdu_len < HEADER_LEN || pdu_len > MAX_PDU_LEN)
        return fail (error, "PDU length", pdu_len);
      if (self->buffer->len - offset < pdu_len)
        break;
      status = handle_pdu (self, pdu, pdu_len, error);
      offset += pdu_len;
      if (status != MAMORI_RTR_NEED_MORE)
        {
          g_byte_array_remove_range (self->buffer, 0, (guint) offset);
          return status;
        }
    }
  g_byte_array_remove_range (self->buffer, 0, (guint) offset);
  return MAMORI_RTR_NEED_MORE;
}

static MamoriRtrStatus
fetch_version (const char    *host_port,
               guint8         version,
               gint64         deadline,
               GCancellable  *cancellable,
               MamoriVrpSet **out,
               GError       **error)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(MamoriRtrParser) parser = mamori_rtr_parser_new (version);
  g_autoptr(GError) local_error = NULL;
  guint8 query[HEADER_LEN] = { version, PDU_RESET_QUERY, 0, 0, 0, 0, 0, HEADER_LEN };
  guint8 buf[16384];
  GInputStream *in;
  GSocket *socket;
  gint64 remaining = deadline - g_get_monotonic_time ();

  g_socket_client_set_timeout (client, (guint) MAX (1, (remaining + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC));
  connection = g_socket_client_connect_to_host (client, host_port, 323, cancellable, &local_error);
  if (connection == NULL)
    {
      g_set_error (error, MAMORI_ERROR, MAMORI_ERROR_NETWORK,
                   _("Could not connect to the RPKI cache %s: %s"), host_port, local_error->message);
      return MAMORI_RTR_FAILED;
    }
  if (!g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (connection)), query,
                                  sizeof query, NULL, cancellable, &local_error))
    {
      g_set_error (error, MAMORI_ERROR, MAMORI_ERROR_NETWORK,
                   _("Could not send the query to the RPKI cache %s: %s"), host_port,
                   local_error->message);
      return MAMORI_RTR_FAILED;
    }

  in = g_io_stream_get_input_stream (G_IO_STREAM (connection));
  socket = g_socket_connection_get_socket (connection);
  for (;;)
    {
      gssize n;
      MamoriRtrStatus status;

      remaining = deadline - g_get_monotonic_time ();
      if (remaining <= 0)
        {
          g_set_error (error, MAMORI_ERROR, MAMORI_ERROR_TIMEOUT,
                       _("The RPKI cache %s did not finish its answer in time"), host_port);
          return MAMORI_RTR_FAILED;
        }
      /* A cache that stalls mid-answer must not hold the check beyond its deadline. */
      g_socket_set_timeout (socket, (guint) MAX (1, (remaining + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC));
      n = g_input_stream_read (in, buf, sizeof buf, cancellable, &local_error);
      if (n < 0)
        {
          g_set_error (error, MAMORI_ERROR,
                       g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT)
                       ? MAMORI_ERROR_TIMEOUT : MAMORI_ERROR_NETWORK,
                       _("Reading from the RPKI cache %s failed: %s"), host_port,
                       local_error->message);
          return MAMORI_RTR_FAILED;
        }
      if (n == 0)
        {
          g_set_error (error, MAMORI_ERROR, MAMORI_ERROR_PROTOCOL,
                       _("The RPKI cache %s closed the connection before the end of its data"),
                       host_port);
          return MAMORI_RTR_FAILED;
        }
      status = mamori_rtr_parser_feed (parser, buf, (gsize) n, error);
      if (status == MAMORI_RTR_DONE)
        {
          *out = mamori_vrp_set_ref (mamori_rtr_parser_get_vrps (parser));
          return MAMORI_RTR_DONE;
        }
      if (status != MAMORI_RTR_NEED_MORE)
        return status;
    }
}

MamoriVrpSet *
mamori_rtr_fetch (const char    *host_port,
                  guint          timeout_ms,
                  GCancellable  *cancellable,
                  GError       **error)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) MAX (timeout_ms, 100) * 1000;
  MamoriVrpSet *vrps = NULL;
  MamoriRtrStatus status;

  status = fetch_version (host_port, 1, deadline, cancellable, &vrps, error);
  if (status == MAMORI_RTR_DOWNGRADE)
    status = fetch_version (host_port, 0, deadline, cancellable, &vrps, error);
  if (status == MAMORI_RTR_DOWNGRADE)
    g_set_error (error, MAMORI_ERROR, MAMORI_ERROR_PROTOCOL,
                 _("The RPKI cache %s speaks no protocol version this client knows"), host_port);
  return status == MAMORI_RTR_DONE ? vrps : NULL;
}

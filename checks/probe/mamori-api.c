/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>

#include "mamori-api.h"
#include "mamori-error.h"

#define MAX_BODY (4 * 1024 * 1024)

JsonNode *
mamori_api_get_json (MamoriCheckOptions  *options,
                     const char          *service,
                     const char          *path_and_query,
                     GCancellable        *cancellable,
                     GError             **error)
{
  g_autoptr(SoupSession) session = NULL;
  g_autoptr(SoupMessage) message = NULL;
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(JsonParser) parser = NULL;
  g_autofree char *url = NULL;
  g_autofree guint8 *body = NULL;
  const char *base;
  gsize n_read = 0;
  guint status;

  if (options->offline)
    {
      g_set_error (error, MAMORI_ERROR, MAMORI_ERROR_NETWORK,
                   _("Offline mode: the outside service “%s” was not asked"), service);
      return NULL;
    }
  base = mamori_check_options_get_api_base (options, service);
  if (base == NULL)
    {
      g_set_error (error, MAMORI_ERROR, MAMORI_ERROR_INVALID_INPUT,
                   _("No address is configured for the outside service “%s”"), service);
      return NULL;
    }

  url = g_strconcat (base, g_str_has_suffix (base, "/") && path_and_query[0] == '/' ? path_and_query + 1
                                                                                    : path_and_query,
                     NULL);
  message = soup_message_new (SOUP_METHOD_GET, url);
  if (message == NULL)
    {
      g_set_error (error, MAMORI_ERROR, MAMORI_ERROR_INVALID_INPUT,
                   _("“%s” is not a valid URL"), url);
      return NULL;
    }
  soup_message_headers_append (soup_message_get_request_headers (message), "Accept",
                               "application/json");

  session = soup_session_new_with_options ("timeout", MAX (1u, (options->timeout_ms + 999) / 1000),
                                           "user-agent", "Mamori/" PACKAGE_VERSION,
                                           NULL);
  stream = soup_session_send (session, message, cancellable, &local_error);
  if (stream == NULL)
    {
      g_set_error (error, MAMORI_ERROR,
                   g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT)
                   ? MAMORI_ERROR_TIMEOUT : MAMORI_ERROR_NETWORK,
                   _("Could not reach %s (%s): %s"), service, base, local_error->message);
      return NULL;
    }
  status = soup_message_get_status (message);
  if (status < 200 || status >= 300)
    {
      g_set_error (error, MAMORI_ERROR, MAMORI_ERROR_PROTOCOL,
                   _("%s answered HTTP %u for %s"), service, status, path_and_query);
      return NULL;
    }

  /* Read at most MAX_BODY + 1 bytes: one more than allowed tells a body that is too large. */
  body = g_malloc (MAX_BODY + 1);
  if (!g_input_stream_read_all (stream, body, MAX_BODY + 1, &n_read, cancellable, &local_error))
    {
      g_set_error (error, MAMORI_ERROR, MAMORI_ERROR_NETWORK,
                   _("Reading the answer of %s failed: %s"), service, local_error->message);
      return NULL;
    }
  if (n_read > MAX_BODY)
    {
      g_set_error (error, MAMORI_ERROR, MAMORI_ERROR_PROTOCOL,
                   _("The answer of %s is larger than 4 MiB"), service);
      return NULL;
    }

  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, (const char *) body, (gssize) n_read, &local_error))
    {
      g_set_error (error, MAMORI_ERROR, MAMORI_ERROR_PROTOCOL,
                   _("The answer of %s is not valid JSON: %s"), service, local_error->message);
      return NULL;
    }
  if (json_parser_get_root (parser) == NULL)
    {
      g_set_error (error, MAMORI_ERROR, MAMORI_ERROR_PROTOCOL, _("The answer of %s is empty"),
                   service);
      return NULL;
    }
  return json_node_copy (json_parser_get_root (parser));
}

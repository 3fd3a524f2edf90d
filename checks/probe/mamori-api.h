/* SPDX-License-Identifier: GPL-3.0-or-later */
/* JSON web APIs of outside services (RIPEstat, InternetDB …) through libsoup, with the base
 * URL from the options so that tests and mirrors can point elsewhere. */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "mamori-check-options.h"

G_BEGIN_DECLS

/* GET base(service) + path_and_query and parse the JSON body (at most 4 MiB). Fails when the
 * options say offline, on a non-2xx status, a timeout or a body that is not JSON. */
JsonNode *mamori_api_get_json (MamoriCheckOptions  *options,
                               const char          *service,
                               const char          *path_and_query,
                               GCancellable        *cancellable,
                               GError             **error);

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Shared by the website checks: which host is the organisation's website, and how to reach it. */
#pragma once

#include "mamori-check.h"
#include "mamori-http.h"

G_BEGIN_DECLS

/* The domain itself when it has an address, else www.<domain>; NULL without an error (not
 * applicable) when neither has one; NULL with an error when the resolver could not tell. */
char  *mamori_website_host          (MamoriCheckContext  *ctx,
                                     GError             **error);
/* The start of every website check: FALSE with error when the resolver could not tell; TRUE
 * with *host set to the website's host; TRUE with *host NULL after adding the "no website"
 * finding, when there is nothing to check. */
gboolean mamori_website_begin       (MamoriCheckContext  *ctx,
                                     char               **host,
                                     GError             **error);
/* CONNECT_TO entries for host at port (443 or 80), honouring the test-only port overrides. */
GStrv  mamori_website_connect_to    (MamoriCheckContext  *ctx,
                                     const char          *host,
                                     guint                port,
                                     GError             **error);
/* GET url (no redirects followed) with the run's timeout and CA file. */
MamoriHttpResponse *mamori_website_get (MamoriCheckContext  *ctx,
                                        const char          *host,
                                        const char          *url,
                                        guint                port,
                                        gsize                max_size,
                                        GError             **error);

G_END_DECLS

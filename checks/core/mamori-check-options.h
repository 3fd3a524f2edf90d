/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Engine settings for a run: where to ask, how long to wait, what not to ask. */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef struct _MamoriCheckOptions MamoriCheckOptions;

struct _MamoriCheckOptions
{
  char       *resolver;            /* "ADDR" or "ADDR:PORT" or "[v6]:PORT"; NULL = system */
  char       *trust_anchor_file;   /* NULL = the IANA root anchor shipped in data/ */
  guint       timeout_ms;          /* per query */
  guint       retries;
  guint       check_timeout_ms;    /* per check, all queries included */
  char       *ca_file;
  char       *rtr;                 /* HOST:PORT */
  char       *vrp_file;
  gboolean    offline;
  GHashTable *api_bases;           /* service name → base URL */
  GStrv       only;                /* check ids to run, NULL = all */
  /* Test-only redirections (hidden CLI options --https-port and --ns-port): the lab runs its
   * servers on free loopback ports, while the checks must keep the real names and URLs. */
  guint       https_port;          /* where to connect for https://NAME/; 0 = 443 */
  guint       http_port;           /* where to connect for http://NAME/; 0 = 80 */
  guint       dns_port_override;   /* port for direct queries to name servers; 0 = 53 */
};

#define MAMORI_TYPE_CHECK_OPTIONS (mamori_check_options_get_type ())

GType               mamori_check_options_get_type (void) G_GNUC_CONST;
MamoriCheckOptions *mamori_check_options_new      (void);
MamoriCheckOptions *mamori_check_options_ref      (MamoriCheckOptions *self);
void                mamori_check_options_unref    (MamoriCheckOptions *self);
void                mamori_check_options_set_api_base (MamoriCheckOptions *self,
                                                       const char         *name,
                                                       const char         *url);
const char         *mamori_check_options_get_api_base (MamoriCheckOptions *self,
                                                       const char         *name);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MamoriCheckOptions, mamori_check_options_unref)

G_END_DECLS

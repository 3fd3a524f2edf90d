/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A minimal RPKI-to-Router client (RFC 8210, falling back to RFC 6810): one Reset Query,
 * the full set of VRPs back. The parser is separate so it can be fuzzed. */
#pragma once

#include <gio/gio.h>

#include "mamori-rpki.h"

G_BEGIN_DECLS

typedef enum {
  MAMORI_RTR_NEED_MORE,
  MAMORI_RTR_DONE,              /* End of Data received */
  MAMORI_RTR_DOWNGRADE,         /* the cache does not speak this version: retry with version 0 */
  MAMORI_RTR_FAILED,            /* see the GError */
} MamoriRtrStatus;

typedef struct _MamoriRtrParser MamoriRtrParser;

MamoriRtrParser *mamori_rtr_parser_new      (guint8            version);
void             mamori_rtr_parser_free     (MamoriRtrParser  *self);
/* Feeds bytes as they arrive; may be called with any split of the stream. */
MamoriRtrStatus  mamori_rtr_parser_feed     (MamoriRtrParser  *self,
                                             const guint8     *data,
                                             gsize             len,
                                             GError          **error);
MamoriVrpSet    *mamori_rtr_parser_get_vrps (MamoriRtrParser  *self);
guint32          mamori_rtr_parser_get_serial (MamoriRtrParser *self);

/* Connects to HOST:PORT, asks for everything and returns the VRPs; the whole exchange is bounded
 * by timeout_ms. */
MamoriVrpSet    *mamori_rtr_fetch           (const char       *host_port,
                                             guint             timeout_ms,
                                             GCancellable     *cancellable,
                                             GError          **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MamoriRtrParser, mamori_rtr_parser_free)

G_END_DECLS

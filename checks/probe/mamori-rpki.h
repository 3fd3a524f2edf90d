/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Validated ROA payloads and route-origin validation (RFC 6811). */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct {
  guint8  family;      /* 4 or 6 */
  guint8  prefix_len;
  guint8  max_len;
  guint8  addr[16];    /* network byte order; IPv4 in the first 4 bytes */
  guint32 asn;
} MamoriVrp;

typedef enum {
  MAMORI_ROV_NOT_FOUND,   /* no VRP covers the route */
  MAMORI_ROV_VALID,
  MAMORI_ROV_INVALID,     /* covered, but no VRP matches origin and length */
} MamoriRovState;

typedef enum {
  MAMORI_ROV_REASON_NONE,
  MAMORI_ROV_REASON_WRONG_ORIGIN,   /* covering VRPs name other ASes */
  MAMORI_ROV_REASON_TOO_SPECIFIC,   /* the origin matches but the route is longer than maxLength */
} MamoriRovReason;

typedef struct _MamoriVrpSet MamoriVrpSet;

MamoriVrpSet   *mamori_vrp_set_new          (void);
MamoriVrpSet   *mamori_vrp_set_ref          (MamoriVrpSet     *self);
void            mamori_vrp_set_unref        (MamoriVrpSet     *self);
void            mamori_vrp_set_add          (MamoriVrpSet     *self,
                                             const MamoriVrp  *vrp);
guint           mamori_vrp_set_get_size     (MamoriVrpSet     *self);
/* rpki-client / Cloudflare JSON: {"roas": [{"prefix", "maxLength", "asn": 64500 | "AS64500"}]}. */
MamoriVrpSet   *mamori_vrp_set_new_from_json_data (const char  *data,
                                                   gsize        len,
                                                   GError     **error);
MamoriVrpSet   *mamori_vrp_set_new_from_file (const char      *path,
                                              GError         **error);
/* Route (prefix/len announced by origin_asn) against the set. covering, when not NULL, gets the
 * VRPs that cover the route (for evidence), as "192.0.2.0/24-24 AS64500" strings. */
MamoriRovState  mamori_vrp_set_validate     (MamoriVrpSet     *self,
                                             GInetAddressMask *route,
                                             guint32           origin_asn,
                                             MamoriRovReason  *reason,
                                             GPtrArray        *covering);

const char     *mamori_rov_state_to_string  (MamoriRovState    state);
/* "192.0.2.0/24" → mask; NULL with a GError for anything else (host bits set are cleared). */
GInetAddressMask *mamori_rpki_parse_prefix  (const char       *text,
                                             GError          **error);
gboolean        mamori_rpki_parse_asn       (const char       *text,
                                             guint32          *asn);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MamoriVrpSet, mamori_vrp_set_unref)

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* One CAA property (RFC 8659 §4): flags, tag and value, with issue/issuewild/iodef checked. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define MAMORI_CAA_FLAG_CRITICAL 0x80

typedef enum {
  MAMORI_CAA_TAG_ISSUE,
  MAMORI_CAA_TAG_ISSUEWILD,
  MAMORI_CAA_TAG_IODEF,
  MAMORI_CAA_TAG_OTHER,
} MamoriCaaTag;

typedef struct {
  guint8        flags;
  MamoriCaaTag  kind;
  char         *tag;       /* as published, e.g. "issue" */
  char         *value;     /* UTF-8-safe copy, for evidence */
  /* issue/issuewild: the CA's domain ("letsencrypt.org"), lower case; NULL means "no CA"
   * (value ";" or empty). */
  char         *issuer;
  GPtrArray    *parameters;  /* char* "key=value" */
} MamoriCaaProperty;

/* Fails for a tag that is not 1–15 letters and digits, for an issue/issuewild value that
 * does not follow §4.2 and for an iodef value that is not a mailto:, http: or https: URL.
 * An unknown tag is not an error (the caller decides what its critical flag means). */
MamoriCaaProperty *mamori_caa_property_parse (guint8         flags,
                                              const guint8  *tag,
                                              gsize          tag_len,
                                              const guint8  *value,
                                              gsize          value_len,
                                              GError       **error);
gboolean           mamori_caa_property_is_critical (const MamoriCaaProperty *property);
void               mamori_caa_property_free  (MamoriCaaProperty *property);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MamoriCaaProperty, mamori_caa_property_free)

G_END_DECLS

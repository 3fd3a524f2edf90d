/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * MTA-STS (RFC 8461): the TXT record at _mta-sts.<domain> and the policy file served at
 * https://mta-sts.<domain>/.well-known/mta-sts.txt. Both come from the network and are
 * untrusted: parsers are bounded and never read past len.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The policy file may be at most this long (RFC 8461 §3.2 suggests 64 KiB). */
#define MAMORI_MTA_STS_POLICY_MAX_SIZE (64 * 1024)
/* max_age is at most 31557600 seconds, one year (§3.2). */
#define MAMORI_MTA_STS_MAX_AGE_MAX 31557600

typedef enum {
  MAMORI_MTA_STS_MODE_NONE,
  MAMORI_MTA_STS_MODE_TESTING,
  MAMORI_MTA_STS_MODE_ENFORCE,
} MamoriMtaStsMode;

typedef struct {
  char      *id;        /* 1–32 alphanumerics */
  GPtrArray *extensions; /* "name=value" strings of other fields, for evidence */
} MamoriMtaStsRecord;

typedef struct {
  MamoriMtaStsMode  mode;
  GPtrArray        *mx;        /* char*: patterns, lower case, e.g. "mail.example.jp", "*.example.jp" */
  gint64            max_age;
  GPtrArray        *warnings;  /* char*: translated notes about tolerated oddities */
} MamoriMtaStsPolicy;

const char         *mamori_mta_sts_mode_to_string (MamoriMtaStsMode mode);

/* TRUE when the TXT data starts with "v=STSv1" (how a record is recognised among others). */
gboolean            mamori_mta_sts_record_is_sts (const char *data,
                                                  gsize       len);
MamoriMtaStsRecord *mamori_mta_sts_record_parse  (const char  *data,
                                                  gsize        len,
                                                  GError     **error);
void                mamori_mta_sts_record_free   (MamoriMtaStsRecord *record);

MamoriMtaStsPolicy *mamori_mta_sts_policy_parse  (const char  *data,
                                                  gsize        len,
                                                  GError     **error);
void                mamori_mta_sts_policy_free   (MamoriMtaStsPolicy *policy);

/* §4.1: does the MX host name match one of the policy's patterns? A wildcard "*.example.jp"
 * matches exactly one extra leftmost label. Names may end in a dot; case is ignored. */
gboolean            mamori_mta_sts_pattern_matches (const char *pattern,
                                                    const char *host);
gboolean            mamori_mta_sts_policy_matches_mx (const MamoriMtaStsPolicy *policy,
                                                      const char               *host);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MamoriMtaStsRecord, mamori_mta_sts_record_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MamoriMtaStsPolicy, mamori_mta_sts_policy_free)

/* An extension name of RFC 8461 §3.1 (also used by TLS-RPT, RFC 8460 §3): a letter or digit,
 * then letters, digits, "_", "-" or ".", at most 32. */
gboolean mamori_mta_sts_valid_ext_name (const char *name,
                                        gsize       len);

G_END_DECLS

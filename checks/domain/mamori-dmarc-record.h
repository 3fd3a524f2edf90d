/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Parser for DMARC policy records (RFC 7489 §6.3–6.4). Input is untrusted. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  MAMORI_DMARC_POLICY_UNSET,
  MAMORI_DMARC_POLICY_NONE,
  MAMORI_DMARC_POLICY_QUARANTINE,
  MAMORI_DMARC_POLICY_REJECT,
} MamoriDmarcPolicy;

typedef struct {
  char  *scheme;     /* "mailto" … */
  char  *address;    /* for mailto: local@domain */
  char  *domain;     /* the address's domain, lower case */
  char  *size_limit; /* "!10m" suffix, or NULL */
  char  *raw;
} MamoriDmarcUri;

typedef struct {
  MamoriDmarcPolicy  p;
  MamoriDmarcPolicy  sp;      /* UNSET = same as p */
  MamoriDmarcPolicy  np;      /* DMARCbis, UNSET = same as sp */
  int                pct;     /* 0–100; 100 when absent */
  gboolean           pct_set;
  char               adkim;   /* 'r' or 's' */
  char               aspf;
  char              *fo;
  guint32            ri;
  GPtrArray         *rua;     /* MamoriDmarcUri* */
  GPtrArray         *ruf;
  /* Problems that do not make the record unusable, translated. */
  GPtrArray         *warnings;
} MamoriDmarcRecord;

/* Returns NULL with MAMORI_ERROR_INVALID_INPUT when the record must be ignored or is
 * unusable (not v=DMARC1 first, bad p, bad tag syntax …); the message says which part. */
MamoriDmarcRecord *mamori_dmarc_record_parse     (const char         *text,
                                                  gsize               len,
                                                  GError            **error);
void               mamori_dmarc_record_free      (MamoriDmarcRecord  *record);
/* True when the text starts with "v=DMARC1" (RFC 7489 §6.6.3: other TXT records at _dmarc
 * are discarded before counting). */
gboolean           mamori_dmarc_record_is_dmarc  (const char         *text,
                                                  gsize               len);
const char        *mamori_dmarc_policy_to_string (MamoriDmarcPolicy   policy);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MamoriDmarcRecord, mamori_dmarc_record_free)

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Parser for DKIM public-key records (RFC 6376 §3.6.1, RFC 8463 for Ed25519). Input is
 * untrusted. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  MAMORI_DKIM_KEY_RSA,
  MAMORI_DKIM_KEY_ED25519,
} MamoriDkimKeyType;

typedef struct {
  MamoriDkimKeyType  key_type;
  gboolean           revoked;     /* p= is empty (§3.6.1) */
  guint              key_bits;    /* RSA modulus size; 256 for Ed25519; 0 when revoked */
  gboolean           testing;     /* t=y */
  gboolean           strict;      /* t=s: no subdomains in i= */
  GStrv              hashes;      /* h=, or NULL (all allowed) */
  GStrv              services;    /* s=, or NULL ("*") */
  char              *notes;       /* n= */
  /* Problems that do not make the key unusable, translated. */
  GPtrArray         *warnings;
} MamoriDkimRecord;

/* Returns NULL with MAMORI_ERROR_INVALID_INPUT for a record a verifier cannot use: bad tag
 * syntax, duplicate tags, v= not DKIM1 or not first, missing p=, bad base64, a key that is
 * not a well-formed RSA SubjectPublicKeyInfo / 32-byte Ed25519 key, unknown k=, no email
 * service in s=. The message says which part. */
MamoriDkimRecord *mamori_dkim_record_parse     (const char        *text,
                                                gsize              len,
                                                GError           **error);
void              mamori_dkim_record_free      (MamoriDkimRecord  *record);
/* A cheap test for "this TXT is meant to be a DKIM key": v=DKIM1 first or a p= tag. Used
 * to ignore the answers of wildcard TXT records at guessed selectors. */
gboolean          mamori_dkim_record_looks_like_key (const char   *text,
                                                     gsize         len);
/* Bits of the RSA modulus in a DER SubjectPublicKeyInfo (or a bare PKCS#1 RSAPublicKey,
 * which some publishers use); 0 with error set when the DER is malformed. */
guint             mamori_dkim_rsa_key_bits     (const guint8      *der,
                                                gsize              len,
                                                gboolean          *bare_pkcs1,
                                                GError           **error);
const char       *mamori_dkim_key_type_to_string (MamoriDkimKeyType type);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MamoriDkimRecord, mamori_dkim_record_free)

G_END_DECLS

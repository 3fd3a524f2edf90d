/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Parser for SPF records (RFC 7208 §4.5, §5, §6, §7, §12). Input is untrusted. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* More terms than this make a record unusable (no real record comes close). */
#define MAMORI_SPF_RECORD_MAX_TERMS 256

typedef enum {
  MAMORI_SPF_QUALIFIER_PASS,       /* "+" or none */
  MAMORI_SPF_QUALIFIER_FAIL,       /* "-" */
  MAMORI_SPF_QUALIFIER_SOFTFAIL,   /* "~" */
  MAMORI_SPF_QUALIFIER_NEUTRAL,    /* "?" */
} MamoriSpfQualifier;

typedef enum {
  MAMORI_SPF_TERM_ALL,
  MAMORI_SPF_TERM_INCLUDE,
  MAMORI_SPF_TERM_A,
  MAMORI_SPF_TERM_MX,
  MAMORI_SPF_TERM_PTR,
  MAMORI_SPF_TERM_IP4,
  MAMORI_SPF_TERM_IP6,
  MAMORI_SPF_TERM_EXISTS,
  MAMORI_SPF_TERM_REDIRECT,        /* modifiers from here on */
  MAMORI_SPF_TERM_EXP,
  MAMORI_SPF_TERM_UNKNOWN_MODIFIER,
} MamoriSpfTermKind;

typedef struct {
  MamoriSpfTermKind   kind;
  MamoriSpfQualifier  qualifier;     /* mechanisms only */
  char               *raw;           /* the term as written */
  char               *name;          /* lower-case mechanism or modifier name */
  char               *domain_spec;   /* include/a/mx/ptr/exists/redirect/exp target, or NULL */
  char               *value;         /* ip4/ip6 address, unknown modifier's value */
  int                 cidr4;         /* -1 when absent */
  int                 cidr6;         /* -1 when absent */
  gboolean            has_macros;    /* domain_spec contains %{…}: depends on the message */
} MamoriSpfTerm;

typedef struct {
  GPtrArray     *terms;          /* MamoriSpfTerm*, in order */
  MamoriSpfTerm *all;            /* the first "all", or NULL; owned by terms */
  MamoriSpfTerm *redirect;       /* owned by terms */
  MamoriSpfTerm *exp;            /* owned by terms */
  /* Terms that cause DNS queries (include, a, mx, ptr, exists, and redirect when it
   * applies), RFC 7208 §4.6.4. */
  guint          lookup_terms;
  /* Problems that do not make the record invalid, translated. */
  GPtrArray     *warnings;
} MamoriSpfRecord;

/* True when the text is an SPF record: "v=spf1" followed by a space or the end (§4.5). */
gboolean         mamori_spf_record_is_spf        (const char        *text,
                                                  gsize              len);
/* Returns NULL with MAMORI_ERROR_INVALID_INPUT for a record that evaluates to permerror
 * (unknown mechanism, bad address or CIDR length, bad macro, repeated redirect/exp …); the
 * message names the offending term. */
MamoriSpfRecord *mamori_spf_record_parse         (const char        *text,
                                                  gsize              len,
                                                  GError           **error);
void             mamori_spf_record_free          (MamoriSpfRecord   *record);
/* Validates a macro-string (§7.1); exp_text allows the c, r and t letters. */
gboolean         mamori_spf_macro_string_validate (const char       *text,
                                                   gboolean          exp_text,
                                                   GError          **error);
/* The record rebuilt without the terms for which skip returns TRUE, with all replaced by
 * new_all ("-all", "~all"; NULL keeps it; an absent all is appended when new_all is set). */
char            *mamori_spf_record_rebuild       (const MamoriSpfRecord *record,
                                                  gboolean (*skip) (const MamoriSpfTerm *term,
                                                                    gpointer             data),
                                                  gpointer           data,
                                                  const char        *new_all);
const char      *mamori_spf_qualifier_to_string  (MamoriSpfQualifier qualifier);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MamoriSpfRecord, mamori_spf_record_free)

G_END_DECLS

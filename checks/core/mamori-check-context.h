/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What a check gets when it runs: the organisation, the subject, probes, cancellation. */
#pragma once

#include <gio/gio.h>

#include "mamori-check-options.h"
#include "mamori-finding.h"
#include "mamori-profile.h"

G_BEGIN_DECLS

typedef struct _MamoriCheckContext MamoriCheckContext;
typedef struct _MamoriDns MamoriDns;

MamoriCheckContext *mamori_check_context_new           (const char          *check_id,
                                                        const char          *subject,
                                                        MamoriProfile       *profile,
                                                        MamoriCheckOptions  *options,
                                                        MamoriDns           *dns,
                                                        GCancellable        *cancellable);
MamoriCheckContext *mamori_check_context_ref           (MamoriCheckContext  *self);
void                mamori_check_context_unref         (MamoriCheckContext  *self);

const char         *mamori_check_context_get_check_id  (MamoriCheckContext  *self);
/* The domain, host or address this run of the check is about. */
const char         *mamori_check_context_get_subject   (MamoriCheckContext  *self);
MamoriProfile      *mamori_check_context_get_profile   (MamoriCheckContext  *self);
MamoriCheckOptions *mamori_check_context_get_options   (MamoriCheckContext  *self);
MamoriDns          *mamori_check_context_get_dns       (MamoriCheckContext  *self);
GCancellable       *mamori_check_context_get_cancellable (MamoriCheckContext *self);
gboolean            mamori_check_context_set_error_if_cancelled (MamoriCheckContext  *self,
                                                                 GError             **error);

/* Creates a finding about the context's subject, adds it and returns it (owned by ctx). */
MamoriFinding      *mamori_check_context_add_finding   (MamoriCheckContext  *self,
                                                        MamoriStatus         status,
                                                        MamoriSeverity       severity);
/* The same about another subject (a mail host, an address). */
MamoriFinding      *mamori_check_context_add_finding_for (MamoriCheckContext *self,
                                                          const char         *subject,
                                                          MamoriStatus        status,
                                                          MamoriSeverity      severity);
/* Findings so far, in order; the array is owned by the context. */
GPtrArray          *mamori_check_context_get_findings  (MamoriCheckContext  *self);
GPtrArray          *mamori_check_context_steal_findings (MamoriCheckContext *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MamoriCheckContext, mamori_check_context_unref)

G_END_DECLS

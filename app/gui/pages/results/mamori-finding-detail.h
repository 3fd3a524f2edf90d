/* SPDX-License-Identifier: GPL-3.0-or-later */
/* One finding in full: what was found, what to do, the exact record, and the raw evidence. */
#pragma once

#include <adwaita.h>

#include "mamori-check-registry.h"
#include "mamori-finding.h"

G_BEGIN_DECLS

#define MAMORI_TYPE_FINDING_DETAIL (mamori_finding_detail_get_type ())

G_DECLARE_FINAL_TYPE (MamoriFindingDetail, mamori_finding_detail, MAMORI, FINDING_DETAIL, AdwBin)

GtkWidget     *mamori_finding_detail_new          (void);
void           mamori_finding_detail_set_finding  (MamoriFindingDetail *self,
                                                   MamoriCheckRegistry *registry,
                                                   MamoriFinding       *finding);
MamoriFinding *mamori_finding_detail_get_finding  (MamoriFindingDetail *self);
/* The evidence as shown (pretty-printed JSON), for tests. */
char          *mamori_finding_detail_get_evidence_text (MamoriFindingDetail *self);

G_END_DECLS

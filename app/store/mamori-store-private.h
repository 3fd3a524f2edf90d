/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Test-only access to a MamoriStore's insides: the crash and disk-full tests need to stop a
 * writer in the middle of a transaction and to shrink the database's page limit. */
#pragma once

#include <sqlite3.h>

#include "mamori-store.h"

G_BEGIN_DECLS

/* Called by save_run after each finding row is written, inside the run's transaction. */
typedef void (*MamoriStoreFindingHook) (gpointer user_data,
                                        guint    seq);

void     mamori_store_set_finding_hook_for_testing (MamoriStore            *self,
                                                    MamoriStoreFindingHook  hook,
                                                    gpointer                user_data);
sqlite3 *mamori_store_get_connection_for_testing   (MamoriStore            *self);

G_END_DECLS

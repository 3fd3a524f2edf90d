/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Runs checks concurrently on a bounded thread pool, each with a timeout. */
#pragma once

#include <gio/gio.h>

#include "mamori-check-registry.h"
#include "mamori-check-options.h"
#include "mamori-profile.h"

G_BEGIN_DECLS

#define MAMORI_TYPE_CHECK_RUNNER (mamori_check_runner_get_type ())

G_DECLARE_FINAL_TYPE (MamoriCheckRunner, mamori_check_runner, MAMORI, CHECK_RUNNER, GObject)

/* Called on the thread (sync) or main context (async) that started the run, once when a
 * job starts (finished == FALSE) and once when it ends. */
typedef void (*MamoriCheckProgressFunc) (const char *check_id,
                                         const char *subject,
                                         gboolean    finished,
                                         guint       n_done,
                                         guint       n_total,
                                         gpointer    user_data);

MamoriCheckRunner *mamori_check_runner_new             (MamoriCheckRegistry      *registry,
                                                        MamoriCheckOptions       *options);
void               mamori_check_runner_set_max_threads (MamoriCheckRunner        *self,
                                                        guint                     max_threads);
/* Restricts the run to these families (NULL or empty = every family). */
void               mamori_check_runner_set_families    (MamoriCheckRunner        *self,
                                                        const char * const       *families);
/* Findings (MamoriFinding*) of every selected check, in registry × subject order. Fails only
 * when the whole run could not be done (cancelled, nothing to run, resolver unusable). */
GPtrArray         *mamori_check_runner_run             (MamoriCheckRunner        *self,
                                                        MamoriProfile            *profile,
                                                        GCancellable             *cancellable,
                                                        MamoriCheckProgressFunc   progress,
                                                        gpointer                  user_data,
                                                        GError                  **error);
void               mamori_check_runner_run_async       (MamoriCheckRunner        *self,
                                                        MamoriProfile            *profile,
                                                        GCancellable             *cancellable,
                                                        MamoriCheckProgressFunc   progress,
                                                        gpointer                  progress_data,
                                                        GDestroyNotify            progress_destroy,
                                                        GAsyncReadyCallback       callback,
                                                        gpointer                  user_data);
GPtrArray         *mamori_check_runner_run_finish      (MamoriCheckRunner        *self,
                                                        GAsyncResult             *result,
                                                        GError                  **error);

G_END_DECLS

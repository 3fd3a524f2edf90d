/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Helpers shared by the tests. */
#pragma once

#include <gio/gio.h>

#include "mamori-check-options.h"

G_BEGIN_DECLS

/* Check options pointing at the DNS lab (MAMORI_LAB_RESOLVER, MAMORI_LAB_TRUST_ANCHOR);
 * the test aborts with a clear message when it is not run inside tests/lab/dns-lab.py. */
MamoriCheckOptions *mamori_test_lab_options (void);
/* A fresh temporary directory, removed by mamori_test_rmdir_recursive. */
char               *mamori_test_mkdtemp     (void);
void                mamori_test_rmdir_recursive (const char *path);
/* Runs argv, capturing stdout/stderr; returns the exit status. */
int                 mamori_test_spawn       (const char * const *argv,
                                             char              **out,
                                             char              **err);

G_END_DECLS

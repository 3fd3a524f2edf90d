/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The export dialog and report export, driven after the e2e run (test-gui-e2e.c). */
#pragma once

#include "mamori-window.h"

G_BEGIN_DECLS

/* window shows a result of the organisation org_name; dir is an empty directory to write
 * the exports to. Asserts as it goes. */
void mamori_gui_test_export (MamoriWindow *window,
                             const char   *org_name,
                             const char   *dir);

G_END_DECLS

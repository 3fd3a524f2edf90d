/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Where Mamori's data files are: installed, or the source tree when run uninstalled. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* $MAMORI_DATA_DIR, else the installed data dir if it exists, else the source tree's data/. */
const char *mamori_data_dir_get      (void);
char       *mamori_data_dir_get_file (const char *relative);
/* $MAMORI_LOCALEDIR, else the build tree's compiled catalogs when run uninstalled, else the
 * installed locale dir: where bindtextdomain should look. */
const char *mamori_data_dir_get_locale_dir (void);

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Messages stored as an untranslated id plus parameters, rendered through gettext when shown. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

char *mamori_message_render (const char         *msgid,
                             const char * const *params);

G_END_DECLS

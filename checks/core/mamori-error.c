/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "mamori-error.h"

G_DEFINE_QUARK (mamori-error-quark, mamori_error)

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The engine's error domain. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define MAMORI_ERROR (mamori_error_quark ())

typedef enum {
  MAMORI_ERROR_INVALID_INPUT,   /* the user's input (a domain, a file) is unusable */
  MAMORI_ERROR_NETWORK,         /* a server could not be reached or did not answer */
  MAMORI_ERROR_TIMEOUT,
  MAMORI_ERROR_PROTOCOL,        /* a server answered with something malformed */
  MAMORI_ERROR_PLUGIN,          /* a plug-in could not be loaded */
  MAMORI_ERROR_DATA,            /* a catalog, question set or database is damaged */
  MAMORI_ERROR_CANCELLED,
} MamoriError;

GQuark mamori_error_quark (void);

G_END_DECLS

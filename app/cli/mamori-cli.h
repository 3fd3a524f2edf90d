/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Shared pieces of mamori-cli's subcommands. */
#pragma once

#include <gio/gio.h>

#include <json-glib/json-glib.h>

#include "mamori-check-options.h"

G_BEGIN_DECLS

/* Exit codes from CLI.md. */
enum {
  MAMORI_CLI_EXIT_OK = 0,
  MAMORI_CLI_EXIT_USAGE = 1,
  MAMORI_CLI_EXIT_RUN_FAILED = 2,
  MAMORI_CLI_EXIT_FINDINGS = 3,
};

typedef int (*MamoriCliCommandFunc) (int argc, char **argv);

/* Sets up the locale and text domain for --lang (ja, en) or the environment. */
void     mamori_cli_setup_language   (const char  *lang);
/* Prints "mamori-cli: message" to stderr. */
void     mamori_cli_error            (const char  *format,
                                      ...) G_GNUC_PRINTF (1, 2);
/* Reads the options every network check honours into options. */
GOptionGroup *mamori_cli_network_option_group (MamoriCheckOptions *options);
gboolean mamori_cli_finish_network_options    (MamoriCheckOptions *options,
                                               GError            **error);
/* Prints a JSON node to stdout, pretty when asked. */
void     mamori_cli_print_json       (JsonNode    *node,
                                      gboolean     pretty);

int mamori_cli_list_checks (int argc, char **argv);
int mamori_cli_check       (int argc, char **argv);
int mamori_cli_history     (int argc, char **argv);
int mamori_cli_answer      (int argc, char **argv);
int mamori_cli_batch       (int argc, char **argv);
int mamori_cli_report      (int argc, char **argv);

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer target for untrusted run results (app/report/mamori-report.c): loading and
 * validation, then the CSV, HTML and JSON reports of whatever was accepted. */
#include "config.h"

#include <stdint.h>

#include "mamori-report.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MamoriRunResult) result = NULL;

  result = mamori_report_load_data ((const char *) data, size, &error);
  g_assert ((result == NULL) != (error == NULL));
  if (result == NULL)
    {
      g_assert (g_utf8_validate (error->message, -1, NULL));
      return 0;
    }
  for (MamoriReportFormat format = MAMORI_REPORT_FORMAT_HTML; format <= MAMORI_REPORT_FORMAT_JSON;
       format++)
    {
      g_autoptr(GBytes) bytes = mamori_report_render (result, format, "en", &error);

      g_assert_no_error (error);
      g_assert (bytes != NULL);
      g_assert (g_utf8_validate (g_bytes_get_data (bytes, NULL), (gssize) g_bytes_get_size (bytes),
                                 NULL));
    }
  return 0;
}

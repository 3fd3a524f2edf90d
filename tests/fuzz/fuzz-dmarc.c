/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer target for the DMARC record parser (checks/domain/mamori-dmarc-record.c). */
#include "config.h"

#include <stdint.h>

#include "mamori-dmarc-record.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MamoriDmarcRecord) record = NULL;

  (void) mamori_dmarc_record_is_dmarc ((const char *) data, size);
  record = mamori_dmarc_record_parse ((const char *) data, size, &error);
  g_assert ((record == NULL) != (error == NULL));
  if (record != NULL)
    {
      g_assert (record->pct >= 0 && record->pct <= 100);
      for (guint i = 0; i < record->warnings->len; i++)
        g_assert (g_utf8_validate (g_ptr_array_index (record->warnings, i), -1, NULL));
    }
  else
    {
      g_assert (g_utf8_validate (error->message, -1, NULL));
    }
  return 0;
}

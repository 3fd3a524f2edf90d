/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer target for the SPF record parser: any bytes, as a TXT record could hold them. */
#include "config.h"

#include <stdint.h>

#include "mamori-spf-record.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MamoriSpfRecord) record = NULL;

  (void) mamori_spf_record_is_spf ((const char *) data, size);
  record = mamori_spf_record_parse ((const char *) data, size, &error);
  g_assert ((record == NULL) != (error == NULL));
  /* A record at the term limit gets one more term ("-all") in the suggestion, which the
   * parser then refuses by design; every smaller record must survive the round trip. */
  if (record != NULL && record->terms->len < MAMORI_SPF_RECORD_MAX_TERMS - 1)
    {
      g_autofree char *rebuilt = mamori_spf_record_rebuild (record, NULL, NULL, "-all");
      g_autoptr(MamoriSpfRecord) again = NULL;

      /* What the check suggests publishing must itself be a valid record. */
      again = mamori_spf_record_parse (rebuilt, strlen (rebuilt), NULL);
      g_assert (again != NULL);
      g_assert (again->all != NULL);
    }
  else if (record == NULL)
    {
      g_assert (g_utf8_validate (error->message, -1, NULL));
    }
  return 0;
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer target for the DKIM key record parser and its DER reader. */
#include "config.h"

#include <stdint.h>

#include "mamori-dkim-record.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) der_error = NULL;
  g_autoptr(MamoriDkimRecord) record = NULL;
  guint bits;

  (void) mamori_dkim_record_looks_like_key ((const char *) data, size);
  record = mamori_dkim_record_parse ((const char *) data, size, &error);
  g_assert ((record == NULL) != (error == NULL));
  if (record == NULL)
    g_assert (g_utf8_validate (error->message, -1, NULL));
  else if (!record->revoked)
    g_assert (record->key_bits > 0);

  /* The same bytes as a DER public key: the reader must never read past the end. */
  bits = mamori_dkim_rsa_key_bits (data, size, NULL, &der_error);
  g_assert ((bits == 0) == (der_error != NULL));
  return 0;
}

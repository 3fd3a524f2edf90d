/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer target for the RTR client's PDU parser (checks/probe/mamori-rtr.c). The first
 * byte picks the protocol version and the chunk size, so splits of the stream are fuzzed too. */
#include "config.h"

#include <stdint.h>

#include "mamori-rtr.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(MamoriRtrParser) parser = NULL;
  MamoriRtrStatus status = MAMORI_RTR_NEED_MORE;
  gsize chunk;

  if (size < 1)
    return 0;
  parser = mamori_rtr_parser_new (data[0] & 1);
  chunk = (data[0] >> 1) + 1;
  data++;
  size--;

  for (gsize off = 0; off < size && status == MAMORI_RTR_NEED_MORE; off += chunk)
    {
      g_autoptr(GError) error = NULL;

      status = mamori_rtr_parser_feed (parser, data + off, MIN (chunk, size - off), &error);
      g_assert ((status == MAMORI_RTR_FAILED) == (error != NULL));
      if (error != NULL)
        g_assert (g_utf8_validate (error->message, -1, NULL));
    }
  return 0;
}

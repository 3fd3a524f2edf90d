/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * libFuzzer target for what the DNSSEC validator reads from resolver responses
 * (checks/probe/mamori-dnssec.c): DS-to-DNSKEY matching, RRSIG verification, NSEC/NSEC3
 * proofs of no DS (incl. opt-out) and of missing records.
 *
 * Input: a 2-byte big-endian length N, a DNS message of N bytes, and a second DNS message
 * (the rest) whose answer records are added to the first: a DS answer and the DNSKEY answer
 * of the same zone make one packet that exercises the whole key check. Anything that does
 * not fit that shape is read as one message.
 */
#include "config.h"

#include <stdint.h>

#include "mamori-dnssec-private.h"

/* A fixed validation time (2026-11-24 UTC), inside the validity of the seed corpus's
 * signatures, so that the replay takes the same paths on every day. */
#define FUZZ_NOW G_GINT64_CONSTANT (1795518000)

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  ldns_pkt *first = NULL;
  ldns_pkt *second = NULL;
  size_t first_size = size;
  const uint8_t *first_data = data;

  if (size >= 2 && (size_t) ((data[0] << 8) | data[1]) <= size - 2)
    {
      first_size = (size_t) ((data[0] << 8) | data[1]);
      first_data = data + 2;
    }
  if (ldns_wire2pkt (&first, first_data, first_size) != LDNS_STATUS_OK)
    return 0;

  if (first_data + first_size < data + size &&
      ldns_wire2pkt (&second, first_data + first_size,
                     (size_t) (data + size - (first_data + first_size))) == LDNS_STATUS_OK)
    {
      ldns_rr_list *answer = ldns_pkt_answer (second);

      for (size_t i = 0; i < ldns_rr_list_rr_count (answer); i++)
        ldns_pkt_push_rr (first, LDNS_SECTION_ANSWER, ldns_rr_clone (ldns_rr_list_rr (answer, i)));
      ldns_pkt_free (second);
    }

  mamori_dnssec_inspect_packet (first, FUZZ_NOW);
  ldns_pkt_free (first);
  return 0;
}

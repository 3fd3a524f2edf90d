/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Internal API of the DNSSEC validator, for its fuzz target. */
#pragma once

#include "mamori-dnssec.h"

G_BEGIN_DECLS

/* Runs the validator's steps that read a response on one packet, as if it were the answer
 * to its own question from the parent zone: DS-to-DNSKEY matching and key-set signatures
 * (with the packet's DS and DNSKEY records), the NSEC/NSEC3 no-DS proof, and the answer's
 * signature or denial check. Untrusted input: must never crash, leak or read out of bounds. */
void mamori_dnssec_inspect_packet (const ldns_pkt *pkt,
                                   gint64          now);

G_END_DECLS

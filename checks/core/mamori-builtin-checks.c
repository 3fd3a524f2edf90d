/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The table of built-in checks, in the order they are listed and run. */
#include "config.h"

#include "mamori-check-registry.h"

/* One line per check: each lives in checks/<family>/mamori-check-<name>.c. */
extern const MamoriCheckDescriptor mamori_check_spf;
extern const MamoriCheckDescriptor mamori_check_dkim;
extern const MamoriCheckDescriptor mamori_check_dmarc;
extern const MamoriCheckDescriptor mamori_check_rpki;
extern const MamoriCheckDescriptor mamori_check_https;
extern const MamoriCheckDescriptor mamori_check_web_headers;
extern const MamoriCheckDescriptor mamori_check_security_txt;
extern const MamoriCheckDescriptor mamori_check_mta_sts;
extern const MamoriCheckDescriptor mamori_check_tls_rpt;
extern const MamoriCheckDescriptor mamori_check_caa;
extern const MamoriCheckDescriptor mamori_check_nameservers;
extern const MamoriCheckDescriptor mamori_check_dnssec;

static const MamoriCheckDescriptor * const builtin_checks[] = {
  &mamori_check_spf,
  &mamori_check_dkim,
  &mamori_check_dmarc,
  &mamori_check_rpki,
  &mamori_check_https,
  &mamori_check_web_headers,
  &mamori_check_security_txt,
  &mamori_check_mta_sts,
  &mamori_check_tls_rpt,
  &mamori_check_caa,
  &mamori_check_nameservers,
  &mamori_check_dnssec,
  NULL
};

const MamoriCheckDescriptor * const *
mamori_builtin_checks (void)
{
  return builtin_checks;
}

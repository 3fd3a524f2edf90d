/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * libFuzzer target for the transport parsers, all fed the same bytes: the MTA-STS policy
 * file and TXT record (checks/domain/mamori-mta-sts-policy.c), the TLS-RPT record
 * (mamori-tls-rpt-record.c) and a CAA property (mamori-caa-record.c, the input read as
 * flags, tag length, tag, value).
 */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include "mamori-caa-record.h"
#include "mamori-mta-sts-policy.h"
#include "mamori-tls-rpt-record.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static void
fuzz_policy (const char *text,
             size_t      size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MamoriMtaStsPolicy) policy = mamori_mta_sts_policy_parse (text, size, &error);

  g_assert ((policy == NULL) != (error == NULL));
  if (policy == NULL)
    {
      g_assert (g_utf8_validate (error->message, -1, NULL));
      return;
    }
  g_assert (policy->max_age >= 0 && policy->max_age <= MAMORI_MTA_STS_MAX_AGE_MAX);
  g_assert (policy->mode == MAMORI_MTA_STS_MODE_NONE || policy->mx->len > 0);
  for (guint i = 0; i < policy->mx->len; i++)
    {
      const char *pattern = g_ptr_array_index (policy->mx, i);

      /* A pattern matches a name built from it, and a wildcard never matches its base. */
      if (g_str_has_prefix (pattern, "*."))
        {
          g_autofree char *host = g_strconcat ("mx", pattern + 1, NULL);
          g_assert (mamori_mta_sts_pattern_matches (pattern, host));
          g_assert (!mamori_mta_sts_pattern_matches (pattern, pattern + 2));
        }
      else
        {
          g_assert (mamori_mta_sts_pattern_matches (pattern, pattern));
        }
    }
}

static void
fuzz_txt (const char *text,
          size_t      size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MamoriMtaStsRecord) record = NULL;
  g_autoptr(MamoriTlsRptRecord) rpt = NULL;

  (void) mamori_mta_sts_record_is_sts (text, size);
  record = mamori_mta_sts_record_parse (text, size, &error);
  g_assert ((record == NULL) != (error == NULL));
  if (record != NULL)
    g_assert (strlen (record->id) >= 1 && strlen (record->id) <= 32);
  else
    g_assert (g_utf8_validate (error->message, -1, NULL));
  g_clear_error (&error);

  (void) mamori_tls_rpt_record_is_tlsrpt (text, size);
  rpt = mamori_tls_rpt_record_parse (text, size, &error);
  g_assert ((rpt == NULL) != (error == NULL));
  if (rpt != NULL)
    g_assert (rpt->rua->len > 0);
  else
    g_assert (g_utf8_validate (error->message, -1, NULL));
}

static void
fuzz_caa (const uint8_t *data,
          size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MamoriCaaProperty) property = NULL;
  size_t tag_len;

  if (size < 2)
    return;
  tag_len = MIN ((size_t) data[1], size - 2);
  property = mamori_caa_property_parse (data[0], data + 2, tag_len, data + 2 + tag_len,
                                        size - 2 - tag_len, &error);
  g_assert ((property == NULL) != (error == NULL));
  if (property != NULL)
    g_assert (g_utf8_validate (property->value, -1, NULL));
  else
    g_assert (g_utf8_validate (error->message, -1, NULL));
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  fuzz_policy ((const char *) data, size);
  fuzz_txt ((const char *) data, size);
  fuzz_caa (data, size);
  return 0;
}

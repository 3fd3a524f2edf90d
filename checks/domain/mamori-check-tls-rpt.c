/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * domain.tls_rpt: does the domain ask for SMTP TLS reports (RFC 8460), so that it learns
 * when senders cannot deliver its mail securely. Facet: record. Optional like MTA-STS
 * (it goes with it), so a missing record is info.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "mamori-autocleanups.h"
#include "mamori-check.h"
#include "mamori-message.h"
#include "mamori-dns.h"
#include "mamori-tls-rpt-record.h"

#define CHECK_ID "domain.tls_rpt"

/* TRUE only when the domain certainly receives no mail: no MX, or the RFC 7505 null MX. */
static gboolean
receives_no_mail (MamoriCheckContext *ctx,
                  const char         *domain)
{
  g_autoptr(MamoriDnsResponse) response = NULL;
  g_autoptr(ldns_rr_list) mx = NULL;

  response = mamori_dns_query (mamori_check_context_get_dns (ctx), domain, LDNS_RR_TYPE_MX,
                               MAMORI_DNS_FLAGS_NONE, mamori_check_context_get_cancellable (ctx),
                               NULL);
  if (response == NULL || !mamori_dns_response_check_rcode (response, domain, NULL))
    return FALSE;
  mx = mamori_dns_response_get_answer (response, LDNS_RR_TYPE_MX);
  for (size_t i = 0; i < ldns_rr_list_rr_count (mx); i++)
    {
      const ldns_rdf *exchange = ldns_rr_rdf (ldns_rr_list_rr (mx, i), 1);

      if (exchange != NULL && ldns_dname_label_count (exchange) > 0)
        return FALSE;
    }
  return TRUE;
}

static gboolean
tls_rpt_run (MamoriCheckContext  *ctx,
             GError             **error)
{
  MamoriDns *dns = mamori_check_context_get_dns (ctx);
  const char *domain = mamori_check_context_get_subject (ctx);
  g_autofree char *name = g_strconcat ("_smtp._tls.", domain, NULL);
  g_autofree char *suggested = g_strdup_printf ("%s. IN TXT \"v=TLSRPTv1; "
                                                "rua=mailto:tls-reports@%s\"", name, domain);
  g_autoptr(GPtrArray) texts = NULL;
  g_autoptr(GPtrArray) rpt = NULL;
  g_autoptr(MamoriTlsRptRecord) record = NULL;
  g_autoptr(GError) parse_error = NULL;
  MamoriFinding *f;

  mamori_dns_prefetch (dns, domain, LDNS_RR_TYPE_MX, MAMORI_DNS_FLAGS_NONE);
  texts = mamori_dns_lookup_txt (dns, name, NULL, mamori_check_context_get_cancellable (ctx),
                                 error);
  if (texts == NULL)
    return FALSE;
  rpt = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  for (guint i = 0; i < texts->len; i++)
    {
      gsize len;
      const char *data = g_bytes_get_data (g_ptr_array_index (texts, i), &len);

      if (mamori_tls_rpt_record_is_tlsrpt (data, len))
        g_ptr_array_add (rpt, g_bytes_ref (g_ptr_array_index (texts, i)));
    }

  if (rpt->len == 0 && receives_no_mail (ctx, domain))
    {
      f = mamori_check_context_add_finding (ctx, MAMORI_STATUS_NOT_APPLICABLE,
                                            MAMORI_SEVERITY_INFO);
      mamori_finding_set_facet (f, "record");
      mamori_finding_set_message (f, N_("{0} receives no mail (it has no mail servers), so it "
                                        "needs no TLS reports."),
                                  domain, NULL);
      mamori_finding_add_evidence_texts (f, name, texts);
      return TRUE;
    }

  if (rpt->len == 0)
    {
      f = mamori_check_context_add_finding (ctx, MAMORI_STATUS_INFO, MAMORI_SEVERITY_LOW);
      mamori_finding_set_facet (f, "record");
      mamori_finding_set_message (f, N_("No TLS reporting record is published at {0}: you are "
                                        "not told when other mail servers cannot deliver to "
                                        "you over an encrypted connection."),
                                  name, NULL);
      mamori_finding_set_remediation (f, N_("Publish this record (with MTA-STS it shows you "
                                            "problems before you enforce it):\n{0}"),
                                      suggested, NULL);
      mamori_finding_set_record (f, suggested);
      mamori_finding_add_evidence_texts (f, name, texts);
      return TRUE;
    }

  if (rpt->len > 1)
    {
      g_autofree char *count = g_strdup_printf ("%u", rpt->len);

      f = mamori_check_context_add_finding (ctx, MAMORI_STATUS_FAIL, MAMORI_SEVERITY_LOW);
      mamori_finding_set_facet (f, "record");
      mamori_finding_set_message (f, N_("{0} has {1} TLS reporting records; senders then send "
                                        "no reports (RFC 8460 §3)."),
                                  name, count, NULL);
      mamori_finding_set_remediation (f, N_("Delete all but one of the records at {0}."),
                                      name, NULL);
      mamori_finding_add_evidence_texts (f, name, rpt);
      return TRUE;
    }

  {
    gsize len;
    const char *data = g_bytes_get_data (g_ptr_array_index (rpt, 0), &len);

    record = mamori_tls_rpt_record_parse (data, len, &parse_error);
  }
  if (record == NULL)
    {
      f = mamori_check_context_add_finding (ctx, MAMORI_STATUS_FAIL, MAMORI_SEVERITY_LOW);
      mamori_finding_set_facet (f, "record");
      mamori_finding_set_message (f, N_("The TLS reporting record at {0} is malformed and "
                                        "senders ignore it: {1}"),
                                  name, parse_error->message, NULL);
      mamori_finding_set_remediation (f, N_("Replace it with a correct record, for example:\n{0}"),
                                      suggested, NULL);
      mamori_finding_set_record (f, suggested);
      mamori_finding_add_evidence_texts (f, name, rpt);
      return TRUE;
    }

  {
    g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
    g_auto(GStrv) rua = NULL;
    g_autofree char *list = NULL;

    for (guint i = 0; i < record->rua->len; i++)
      g_strv_builder_add (builder, g_ptr_array_index (record->rua, i));
    rua = g_strv_builder_end (builder);
    list = g_strjoinv (", ", rua);

    f = mamori_check_context_add_finding (ctx, MAMORI_STATUS_PASS, MAMORI_SEVERITY_INFO);
    mamori_finding_set_facet (f, "record");
    mamori_finding_set_message (f, N_("TLS reports are requested at {0}."), list, NULL);
    mamori_finding_add_evidence_strv (f, "rua", (const char * const *) rua);
    mamori_finding_add_evidence_texts (f, name, rpt);
  }
  return TRUE;
}

const MamoriCheckDescriptor mamori_check_tls_rpt = {
  .id = CHECK_ID,
  .family = MAMORI_FAMILY_DOMAIN,
  .title = N_("Reports on encrypted mail delivery (TLS-RPT)"),
  .description = N_("Whether the domain asks other mail servers to report when they cannot "
                    "deliver its mail over an encrypted connection."),
  .needs = MAMORI_CHECK_NEEDS_DOMAIN | MAMORI_CHECK_NEEDS_NETWORK,
  .run = tls_rpt_run,
};

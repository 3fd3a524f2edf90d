/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * domain.dkim: which DKIM keys the domain publishes (RFC 6376 §3.6) and whether they are
 * strong and live. DKIM selectors cannot be listed, so the check asks for the user's own
 * selectors and a short list of common ones, all at once. Facets: selector, syntax, key,
 * revoked, testing, hash.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "mamori-autocleanups.h"
#include "mamori-check.h"
#include "mamori-message.h"
#include "mamori-dkim-record.h"
#include "mamori-dns.h"
#include "mamori-error.h"

#define CHECK_ID "domain.dkim"

/* Selectors the big senders and common mail software use by default: Microsoft 365
 * (selector1/2, CNAMEs into onmicrosoft.com), Google Workspace (google), cPanel and
 * Plesk (default), Mailchimp/Mandrill (k1–k3, mandrill), SendGrid (s1/s2, smtpapi), Amazon
 * SES custom (amazonses), Zoho (zoho), MXroute (x), Mimecast, Japanese hosting defaults
 * (dkim, mail, key1). Kept short: every name is one more query. */
static const char * const common_selectors[] = {
  "selector1", "selector2", "google", "default", "s1", "s2", "k1", "k2", "k3",
  "dkim", "mail", "smtp", "mxvault", "key1", "key2", "mandrill", "smtpapi", "zoho",
  "amazonses", "sig1", "dkim1", "x",
};

typedef struct {
  char     *selector;
  char     *name;
  gboolean  named;       /* the user listed it */
} Selector;

static void
selector_free (Selector *sel)
{
  g_free (sel->selector);
  g_free (sel->name);
  g_free (sel);
}

static void
add_common_evidence (MamoriFinding *f,
                     Selector      *sel,
                     const char    *record,
                     const char    *cname)
{
  mamori_finding_add_evidence_string (f, "selector", sel->selector);
  mamori_finding_add_evidence_string (f, "name", sel->name);
  if (record != NULL)
    mamori_finding_add_evidence_string (f, "record", record);
  if (cname != NULL)
    mamori_finding_add_evidence_string (f, "cname", cname);
}

/* The CNAME target at the selector, if any (Microsoft 365 publishes its keys that way). */
static char *
selector_cname (MamoriCheckContext *ctx,
                const char         *name)
{
  g_autoptr(MamoriDnsResponse) response = NULL;
  g_autoptr(ldns_rr_list) cnames = NULL;

  response = mamori_dns_query (mamori_check_context_get_dns (ctx), name, LDNS_RR_TYPE_TXT,
                               MAMORI_DNS_FLAGS_NONE, mamori_check_context_get_cancellable (ctx),
                               NULL);
  if (response == NULL)
    return NULL;
  cnames = mamori_dns_response_get_answer (response, LDNS_RR_TYPE_CNAME);
  if (ldns_rr_list_rr_count (cnames) == 0)
    return NULL;
  return mamori_dns_dname_to_string (ldns_rr_rdf (ldns_rr_list_rr (cnames,
                                                                   ldns_rr_list_rr_count (cnames) - 1),
                                                  0));
}

static void
report_key (MamoriCheckContext *ctx,
            Selector           *sel,
            GBytes             *bytes,
            guint               n_keys,
            const char         *cname)
{
  g_autoptr(MamoriDkimRecord) record = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = mamori_message_text_from_bytes (bytes);
  g_autofree char *bits = NULL;
  MamoriFinding *f;
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);

  record = mamori_dkim_record_parse (data, len, &error);
  if (record == NULL)
    {
      f = mamori_check_context_add_finding (ctx, MAMORI_STATUS_FAIL, MAMORI_SEVERITY_HIGH);
      mamori_finding_set_facet (f, "syntax");
      mamori_finding_set_message (f, N_("The DKIM key record at {0} is malformed, so receivers "
                                        "cannot verify signatures made with selector “{1}”: "
                                        "{2}"),
                                  sel->name, sel->selector, error->message, NULL);
      mamori_finding_set_remediation (f, N_("Publish the key record exactly as your mail "
                                            "service or signing software shows it, in the form "
                                            "\"v=DKIM1; k=rsa; p=<base64 key>\"."),
                                      NULL);
      add_common_evidence (f, sel, text, cname);
      return;
    }

  if (n_keys > 1)
    {
      g_autofree char *count = g_strdup_printf ("%u", n_keys);

      f = mamori_check_context_add_finding (ctx, MAMORI_STATUS_WARN, MAMORI_SEVERITY_LOW);
      mamori_finding_set_facet (f, "syntax");
      mamori_finding_set_message (f, N_("{0} has {1} DKIM key records; receivers may use "
                                        "either, so signatures fail at random."),
                                  sel->name, count, NULL);
      mamori_finding_set_remediation (f, N_("Keep one key record per selector."), NULL);
      add_common_evidence (f, sel, text, cname);
    }

  if (record->revoked)
    {
      f = mamori_check_context_add_finding (ctx, sel->named ? MAMORI_STATUS_WARN
                                                            : MAMORI_STATUS_INFO,
                                            sel->named ? MAMORI_SEVERITY_MEDIUM
                                                       : MAMORI_SEVERITY_INFO);
      mamori_finding_set_facet (f, "revoked");
      mamori_finding_set_message (f, N_("The DKIM key for selector “{0}” is revoked (empty "
                                        "p=): mail signed with it fails DKIM."),
                                  sel->selector, NULL);
      mamori_finding_set_remediation (f, N_("That is right for a retired key. If your mail is "
                                            "still signed with selector “{0}”, publish its "
                                            "current public key."),
                                      sel->selector, NULL);
      add_common_evidence (f, sel, text, cname);
      return;
    }

  bits = g_strdup_printf ("%u", record->key_bits);
  if (record->key_type == MAMORI_DKIM_KEY_ED25519)
    {
      f = mamori_check_context_add_finding (ctx, MAMORI_STATUS_PASS, MAMORI_SEVERITY_INFO);
      mamori_finding_set_message (f, N_("Selector “{0}” publishes an Ed25519 DKIM key."),
                                  sel->selector, NULL);
    }
  else if (record->key_bits < 1024)
    {
      f = mamori_check_context_add_finding (ctx, MAMORI_STATUS_FAIL, MAMORI_SEVERITY_HIGH);
      mamori_finding_set_message (f, N_("The DKIM key for selector “{0}” is RSA with only {1} "
                                        "bits: it can be broken, and receivers ignore such "
                                        "signatures (RFC 8301)."),
                                  sel->selector, bits, NULL);
      mamori_finding_set_remediation (f, N_("Create a new 2048-bit RSA key in your mail service "
                                            "or signing software, publish it under a new "
                                            "selector, switch signing to it, then revoke this "
                                            "one by publishing \"v=DKIM1; p=\" at {0}."),
                                      sel->name, NULL);
    }
  else if (record->key_bits < 2048)
    {
      f = mamori_check_context_add_finding (ctx, MAMORI_STATUS_WARN, MAMORI_SEVERITY_MEDIUM);
      mamori_finding_set_message (f, N_("The DKIM key for selector “{0}” is RSA with {1} bits; "
                                        "2048 bits is recommended."),
                                  sel->selector, bits, NULL);
      mamori_finding_set_remediation (f, N_("Create a new 2048-bit RSA key, publish it under a "
                                            "new selector and switch signing to it."),
                                      NULL);
    }
  else
    {
      f = mamori_check_context_add_finding (ctx, MAMORI_STATUS_PASS, MAMORI_SEVERITY_INFO);
      mamori_finding_set_message (f, N_("Selector “{0}” publishes an RSA DKIM key of {1} "
                                        "bits."),
                                  sel->selector, bits, NULL);
    }
  mamori_finding_set_facet (f, "key");
  add_common_evidence (f, sel, text, cname);
  mamori_finding_add_evidence_string (f, "key_type",
                                      mamori_dkim_key_type_to_string (record->key_type));
  mamori_finding_add_evidence_int (f, "key_bits", record->key_bits);

  if (record->testing)
    {
      f = mamori_check_context_add_finding (ctx, MAMORI_STATUS_WARN, MAMORI_SEVERITY_MEDIUM);
      mamori_finding_set_facet (f, "testing");
      mamori_finding_set_message (f, N_("The DKIM key for selector “{0}” is in testing mode "
                                        "(t=y): receivers are asked to treat failed signatures "
                                        "like unsigned mail."),
                                  sel->selector, NULL);
      mamori_finding_set_remediation (f, N_("When signing works, remove “t=y” from the record "
                                            "at {0}."),
                                      sel->name, NULL);
      add_common_evidence (f, sel, text, cname);
    }

  for (guint i = 0; i < record->warnings->len; i++)
    {
      f = mamori_check_context_add_finding (ctx, MAMORI_STATUS_WARN, MAMORI_SEVERITY_LOW);
      mamori_finding_set_facet (f, "hash");
      mamori_finding_set_message (f, N_("The DKIM key for selector “{0}” has a problem: {1}"),
                                  sel->selector,
                                  (const char *) g_ptr_array_index (record->warnings, i), NULL);
      mamori_finding_set_remediation (f, N_("Publish the key again at {0} as your mail service "
                                            "shows it now: \"v=DKIM1; k=rsa; p=…\" with the "
                                            "key in SubjectPublicKeyInfo form and without h= "
                                            "(or with h=sha256)."),
                                      sel->name, NULL);
      add_common_evidence (f, sel, text, cname);
    }
}

static gboolean
dkim_run (MamoriCheckContext  *ctx,
          GError             **error)
{
  MamoriDns *dns = mamori_check_context_get_dns (ctx);
  MamoriProfile *profile = mamori_check_context_get_profile (ctx);
  const char *domain = mamori_check_context_get_subject (ctx);
  g_autoptr(GPtrArray) selectors = g_ptr_array_new_with_free_func ((GDestroyNotify) selector_free);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GError) last_error = NULL;
  g_autoptr(GStrvBuilder) tried = g_strv_builder_new ();
  g_auto(GStrv) tried_strv = NULL;
  guint found = 0, errors = 0, named = 0;

  if (profile != NULL && profile->dkim_selectors != NULL)
    {
      for (guint i = 0; profile->dkim_selectors[i] != NULL; i++)
        {
          Selector *sel = g_new0 (Selector, 1);

          sel->selector = g_ascii_strdown (profile->dkim_selectors[i], -1);
          sel->named = TRUE;
          if (g_hash_table_contains (seen, sel->selector))
            {
              selector_free (sel);
              continue;
            }
          g_hash_table_add (seen, sel->selector);
          g_ptr_array_add (selectors, sel);
          named++;
        }
    }
  for (gsize i = 0; i < G_N_ELEMENTS (common_selectors); i++)
    {
      Selector *sel;

      if (g_hash_table_contains (seen, common_selectors[i]))
        continue;
      sel = g_new0 (Selector, 1);
      sel->selector = g_strdup (common_selectors[i]);
      g_hash_table_add (seen, sel->selector);
      g_ptr_array_add (selectors, sel);
    }

  /* Every selector is an independent question: ask them all at once. */
  for (guint i = 0; i < selectors->len; i++)
    {
      Selector *sel = g_ptr_array_index (selectors, i);

      sel->name = g_strdup_printf ("%s._domainkey.%s", sel->selector, domain);
      g_strv_builder_add (tried, sel->selector);
      mamori_dns_prefetch (dns, sel->name, LDNS_RR_TYPE_TXT, MAMORI_DNS_FLAGS_NONE);
    }
  tried_strv = g_strv_builder_end (tried);

  for (guint i = 0; i < selectors->len; i++)
    {
      Selector *sel = g_ptr_array_index (selectors, i);
      g_autoptr(GPtrArray) texts = NULL;
      g_autoptr(GPtrArray) keys = g_ptr_array_new ();
      g_autoptr(GError) local_error = NULL;
      g_autofree char *cname = NULL;
      MamoriFinding *f;

      if (mamori_check_context_set_error_if_cancelled (ctx, error))
        return FALSE;

      texts = mamori_dns_lookup_txt (dns, sel->name, NULL,
                                     mamori_check_context_get_cancellable (ctx), &local_error);
      if (texts == NULL)
        {
          errors++;
          if (sel->named)
            {
              f = mamori_check_context_add_finding (ctx, MAMORI_STATUS_ERROR,
                                                    MAMORI_SEVERITY_INFO);
              mamori_finding_set_facet (f, "selector");
              mamori_finding_set_message (f, N_("The DKIM key at {0} could not be read: {1}"),
                                          sel->name, local_error->message, NULL);
              add_common_evidence (f, sel, NULL, NULL);
            }
          g_clear_error (&last_error);
          last_error = g_steal_pointer (&local_error);
          continue;
        }

      for (guint j = 0; j < texts->len; j++)
        {
          GBytes *bytes = g_ptr_array_index (texts, j);
          gsize len;
          const char *data = g_bytes_get_data (bytes, &len);

          /* A wildcard TXT answers every guessed selector: only key-like records count. */
          if (mamori_dkim_record_looks_like_key (data, len))
            g_ptr_array_add (keys, bytes);
        }
      /* At a selector the user named, whatever is there is what receivers get. */
      if (keys->len == 0 && sel->named)
        g_ptr_array_extend (keys, texts, NULL, NULL);
      if (keys->len == 0)
        {
          if (sel->named)
            {
              g_autofree char *line = g_strdup_printf ("%s. IN TXT \"v=DKIM1; k=rsa; p=…\"",
                                                       sel->name);

              f = mamori_check_context_add_finding (ctx, MAMORI_STATUS_FAIL,
                                                    MAMORI_SEVERITY_HIGH);
              mamori_finding_set_facet (f, "selector");
              mamori_finding_set_message (f, N_("No DKIM key is published for selector “{0}” "
                                                "(nothing at {1}): mail signed with it fails "
                                                "DKIM."),
                                          sel->selector, sel->name, NULL);
              mamori_finding_set_remediation (f, N_("Publish the public key that your mail "
                                                    "service shows for this selector, as a TXT "
                                                    "record (or the CNAME it asks for) at:\n{0}"),
                                              line, NULL);
              add_common_evidence (f, sel, NULL, NULL);
            }
          continue;
        }

      found++;
      cname = selector_cname (ctx, sel->name);
      report_key (ctx, sel, g_ptr_array_index (keys, 0), keys->len, cname);
    }

  if (found == 0 && named == 0)
    {
      MamoriFinding *f;

      if (errors == selectors->len && last_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&last_error));
          return FALSE;
        }
      /* Absence is not proof: the domain may sign with a selector not on the list. */
      f = mamori_check_context_add_finding (ctx, MAMORI_STATUS_INFO, MAMORI_SEVERITY_INFO);
      mamori_finding_set_facet (f, "selector");
      mamori_finding_set_message (f, N_("No DKIM key was found at the usual selectors of {0}. "
                                        "DKIM keys cannot be listed, so this does not prove "
                                        "there is none."),
                                  domain, NULL);
      mamori_finding_set_remediation (f, N_("Look up the selector in a received mail's "
                                            "DKIM-Signature header (s=…) and add it to the "
                                            "organisation's profile; if your mail is not signed, "
                                            "turn on DKIM signing in your mail service."),
                                      NULL);
      mamori_finding_add_evidence_strv (f, "selectors_tried", (const char * const *) tried_strv);
    }
  return TRUE;
}

const MamoriCheckDescriptor mamori_check_dkim = {
  .id = CHECK_ID,
  .family = MAMORI_FAMILY_DOMAIN,
  .title = N_("DKIM keys"),
  .description = N_("Whether the domain publishes DKIM keys for signing its mail, and whether "
                    "they are strong enough and in use."),
  .needs = MAMORI_CHECK_NEEDS_DOMAIN | MAMORI_CHECK_NEEDS_NETWORK,
  .run = dkim_run,
};

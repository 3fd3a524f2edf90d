/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "mamori-finding.h"
#include "mamori-run-result.h"

static void
test_json_roundtrip (void)
{
  g_autoptr(MamoriFinding) finding = mamori_finding_new ("domain.dmarc", "example.jp",
                                                         MAMORI_STATUS_WARN,
                                                         MAMORI_SEVERITY_MEDIUM);
  g_autoptr(MamoriFinding) copy = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  const char * const refs[] = { "mic-network-auth.dm-enforce", NULL };
  JsonObject *object;

  mamori_finding_set_facet (finding, "policy");
  mamori_finding_set_message (finding, "The DMARC policy is p=none for {0}", "example.jp", NULL);
  mamori_finding_set_remediation (finding, "Publish:\n{0}", "_dmarc.example.jp. IN TXT \"…\"", NULL);
  mamori_finding_set_record (finding, "_dmarc.example.jp. IN TXT \"v=DMARC1; p=quarantine\"");
  mamori_finding_add_evidence_string (finding, "record", "v=DMARC1; p=none");
  /* Bytes from the network that are not UTF-8 are made valid, not dropped. */
  mamori_finding_add_evidence_string (finding, "raw", "ok \xff\xfe end");
  mamori_finding_set_guideline_refs (finding, refs);

  node = mamori_finding_to_json (finding);
  object = json_node_get_object (node);
  g_assert_cmpstr (json_object_get_string_member (object, "check_id"), ==, "domain.dmarc");
  g_assert_cmpstr (json_object_get_string_member (object, "status"), ==, "warn");
  g_assert_cmpstr (json_object_get_string_member (object, "severity"), ==, "medium");
  g_assert_cmpstr (json_object_get_string_member (object, "message"), ==,
                   "The DMARC policy is p=none for example.jp");
  g_assert_true (g_utf8_validate (json_object_get_string_member (
                   json_object_get_object_member (object, "evidence"), "raw"), -1, NULL));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object, "guideline_refs")),
                    ==, 1);

  copy = mamori_finding_new_from_json (node, &error);
  g_assert_no_error (error);
  g_assert_cmpint (mamori_finding_get_status (copy), ==, MAMORI_STATUS_WARN);
  g_assert_cmpstr (mamori_finding_get_facet (copy), ==, "policy");
  g_assert_cmpstr (mamori_finding_get_message_id (copy), ==, "The DMARC policy is p=none for {0}");
  message = mamori_finding_render_message (copy);
  g_assert_cmpstr (message, ==, "The DMARC policy is p=none for example.jp");
  g_assert_cmpstr (mamori_finding_get_record (copy), ==,
                   "_dmarc.example.jp. IN TXT \"v=DMARC1; p=quarantine\"");
  g_assert_cmpstr (mamori_finding_get_guideline_refs (copy)[0], ==, "mic-network-auth.dm-enforce");
}

static void
test_json_bad (void)
{
  static const char *inputs[] = {
    "[]",
    "{}",
    "{\"check_id\": \"domain.dmarc\"}",
    "{\"check_id\": \"domain.dmarc\", \"status\": \"excellent\"}",
    "{\"check_id\": 7, \"status\": \"pass\"}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (inputs); i++)
    {
      g_autoptr(JsonNode) node = json_from_string (inputs[i], NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(MamoriFinding) finding = mamori_finding_new_from_json (node, &error);

      g_assert_null (finding);
      g_assert_nonnull (error);
    }
}

static void
test_status_strings (void)
{
  for (MamoriStatus s = MAMORI_STATUS_PASS; s <= MAMORI_STATUS_NOT_APPLICABLE; s++)
    {
      MamoriStatus back;

      g_assert_true (mamori_status_from_string (mamori_status_to_string (s), &back));
      g_assert_cmpint (back, ==, s);
    }
  g_assert_cmpint (mamori_status_rank (MAMORI_STATUS_FAIL), >, mamori_status_rank (MAMORI_STATUS_ERROR));
  g_assert_cmpint (mamori_status_rank (MAMORI_STATUS_WARN), >, mamori_status_rank (MAMORI_STATUS_PASS));
}

static void
test_run_result (void)
{
  g_autoptr(MamoriProfile) profile = mamori_profile_new ("テスト株式会社", MAMORI_ORG_KIND_SME);
  g_autoptr(GPtrArray) findings = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(MamoriRunResult) result = NULL;
  g_autoptr(MamoriRunResult) back = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;
  guint counts[6];

  mamori_profile_add_domain (profile, "example.jp");
  g_ptr_array_add (findings, mamori_finding_new ("domain.dmarc", "example.jp", MAMORI_STATUS_FAIL,
                                                 MAMORI_SEVERITY_HIGH));
  g_ptr_array_add (findings, mamori_finding_new ("domain.spf", "example.jp", MAMORI_STATUS_PASS,
                                                 MAMORI_SEVERITY_INFO));
  result = mamori_run_result_new (profile, findings, NULL, 840);
  node = mamori_run_result_to_json (result);
  back = mamori_run_result_new_from_json (node, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (back->profile->name, ==, "テスト株式会社");
  g_assert_cmpstr (back->profile->domains[0], ==, "example.jp");
  g_assert_cmpint (back->duration_ms, ==, 840);
  mamori_run_result_count (back, counts);
  g_assert_cmpuint (counts[MAMORI_STATUS_FAIL], ==, 1);
  g_assert_cmpuint (counts[MAMORI_STATUS_PASS], ==, 1);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/mamori/core/finding/json-roundtrip", test_json_roundtrip);
  g_test_add_func ("/mamori/core/finding/json-bad", test_json_bad);
  g_test_add_func ("/mamori/core/finding/status-strings", test_status_strings);
  g_test_add_func ("/mamori/core/run-result/json-roundtrip", test_run_result);
  return g_test_run ();
}

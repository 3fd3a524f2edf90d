/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "mamori-check-registry.h"
#include "mamori-check-runner.h"
#include "mamori-error.h"

#define N_CONCURRENT 4

static GMutex barrier_lock;
static GCond barrier_cond;
static guint barrier_count;

/* Waits until its cancellable fires, or a generous guard passes (a deadlock guard, not a
 * timing assertion: the test fails if the guard is what ended the wait). */
static gboolean
wait_cancelled (GCancellable *cancellable)
{
  gint64 guard = g_get_monotonic_time () + 20 * G_TIME_SPAN_SECOND;

  while (!g_cancellable_is_cancelled (cancellable))
    {
      if (g_get_monotonic_time () > guard)
        return FALSE;
      g_usleep (1000);
    }
  return TRUE;
}

static gboolean
pass_run (MamoriCheckContext *ctx, GError **error)
{
  MamoriFinding *f = mamori_check_context_add_finding (ctx, MAMORI_STATUS_PASS, MAMORI_SEVERITY_INFO);
  mamori_finding_set_message (f, "ok", NULL);
  return TRUE;
}

static gboolean
error_run (MamoriCheckContext *ctx, GError **error)
{
  g_set_error (error, MAMORI_ERROR, MAMORI_ERROR_TIMEOUT, "SERVFAIL from the resolver");
  return FALSE;
}

static gboolean
silent_run (MamoriCheckContext *ctx, GError **error)
{
  return TRUE;
}

static gboolean
barrier_run (MamoriCheckContext *ctx, GError **error)
{
  gint64 guard = g_get_monotonic_time () + 20 * G_TIME_SPAN_SECOND;
  gboolean all_met = TRUE;

  g_mutex_lock (&barrier_lock);
  barrier_count++;
  g_cond_broadcast (&barrier_cond);
  while (barrier_count < N_CONCURRENT)
    {
      if (!g_cond_wait_until (&barrier_cond, &barrier_lock, guard))
        {
          all_met = FALSE;
          break;
        }
    }
  g_mutex_unlock (&barrier_lock);

  if (!all_met)
    {
      g_set_error (error, MAMORI_ERROR, MAMORI_ERROR_TIMEOUT, "checks did not run concurrently");
      return FALSE;
    }
  return pass_run (ctx, error);
}

static gboolean
hang_run (MamoriCheckContext *ctx, GError **error)
{
  if (!wait_cancelled (mamori_check_context_get_cancellable (ctx)))
    g_error ("the runner never cancelled an overrunning check");
  return !mamori_check_context_set_error_if_cancelled (ctx, error);
}

static MamoriCheckDescriptor descriptors[] = {
  { .id = "domain.t_pass", .title = "pass", .run = pass_run, .needs = MAMORI_CHECK_NEEDS_DOMAIN },
  { .id = "domain.t_error", .title = "error", .run = error_run, .needs = MAMORI_CHECK_NEEDS_DOMAIN },
  { .id = "domain.t_silent", .title = "silent", .run = silent_run, .needs = MAMORI_CHECK_NEEDS_DOMAIN },
  { .id = "router.t_barrier1", .family = MAMORI_FAMILY_ROUTER, .title = "b", .run = barrier_run },
  { .id = "router.t_barrier2", .family = MAMORI_FAMILY_ROUTER, .title = "b", .run = barrier_run },
  { .id = "router.t_barrier3", .family = MAMORI_FAMILY_ROUTER, .title = "b", .run = barrier_run },
  { .id = "router.t_barrier4", .family = MAMORI_FAMILY_ROUTER, .title = "b", .run = barrier_run },
  { .id = "cloud.t_hang", .family = MAMORI_FAMILY_CLOUD, .title = "hang", .run = hang_run },
  { .id = "telework.t_pass", .family = MAMORI_FAMILY_TELEWORK, .title = "p", .run = pass_run },
};

static MamoriCheckRegistry *
make_registry (void)
{
  MamoriCheckRegistry *registry = mamori_check_registry_new ();

  for (guint i = 0; i < G_N_ELEMENTS (descriptors); i++)
    g_assert_true (mamori_check_registry_add (registry, &descriptors[i], NULL));
  return registry;
}

static MamoriProfile *
make_profile (void)
{
  MamoriProfile *profile = mamori_profile_new ("t", MAMORI_ORG_KIND_SME);

  mamori_profile_add_domain (profile, "a.example");
  mamori_profile_add_domain (profile, "b.example");
  return profile;
}

static MamoriFinding *
find (GPtrArray  *findings,
      const char *check_id,
      const char *subject)
{
  for (guint i = 0; i < findings->len; i++)
    {
      MamoriFinding *f = g_ptr_array_index (findings, i);

      if (g_str_equal (mamori_finding_get_check_id (f), check_id) &&
          g_str_equal (mamori_finding_get_subject (f), subject))
        return f;
    }
  return NULL;
}

static void
count_progress (const char *check_id, const char *subject, gboolean finished, guint n_done,
                guint n_total, gpointer user_data)
{
  guint *counts = user_data;

  counts[finished ? 1 : 0]++;
  g_assert_cmpuint (n_done, <=, n_total);
}

static void
test_domain_family (void)
{
  g_autoptr(MamoriCheckRegistry) registry = make_registry ();
  g_autoptr(MamoriCheckRunner) runner = mamori_check_runner_new (registry, NULL);
  g_autoptr(MamoriProfile) profile = make_profile ();
  g_autoptr(GPtrArray) findings = NULL;
  g_autoptr(GError) error = NULL;
  const char * const families[] = { "domain", NULL };
  guint progress[2] = { 0, 0 };
  MamoriFinding *f;

  mamori_check_runner_set_families (runner, families);
  findings = mamori_check_runner_run (runner, profile, NULL, count_progress, progress, &error);
  g_assert_no_error (error);
  /* 3 domain checks × 2 domains, one finding each. */
  g_assert_cmpuint (findings->len, ==, 6);
  g_assert_cmpuint (progress[1], ==, 6);

  f = find (findings, "domain.t_pass", "b.example");
  g_assert_nonnull (f);
  g_assert_cmpint (mamori_finding_get_status (f), ==, MAMORI_STATUS_PASS);

  /* A check that fails to decide becomes "error" and the others still run. */
  f = find (findings, "domain.t_error", "a.example");
  g_assert_nonnull (f);
  g_assert_cmpint (mamori_finding_get_status (f), ==, MAMORI_STATUS_ERROR);
  g_assert_cmpstr (mamori_finding_get_message_params (f)[0], ==, "SERVFAIL from the resolver");

  /* Silence is reported, never taken for a pass. */
  f = find (findings, "domain.t_silent", "a.example");
  g_assert_nonnull (f);
  g_assert_cmpint (mamori_finding_get_status (f), ==, MAMORI_STATUS_NOT_APPLICABLE);

  /* Results come in registry × subject order, whatever order threads finished in. */
  g_assert_cmpstr (mamori_finding_get_check_id (g_ptr_array_index (findings, 0)), ==, "domain.t_pass");
  g_assert_cmpstr (mamori_finding_get_subject (g_ptr_array_index (findings, 0)), ==, "a.example");
  g_assert_cmpstr (mamori_finding_get_check_id (g_ptr_array_index (findings, 5)), ==, "domain.t_silent");
}

static void
test_concurrent (void)
{
  g_autoptr(MamoriCheckRegistry) registry = make_registry ();
  g_autoptr(MamoriCheckRunner) runner = mamori_check_runner_new (registry, NULL);
  g_autoptr(MamoriProfile) profile = make_profile ();
  g_autoptr(GPtrArray) findings = NULL;
  g_autoptr(GError) error = NULL;
  const char * const families[] = { "router", NULL };

  barrier_count = 0;
  mamori_check_runner_set_max_threads (runner, N_CONCURRENT);
  mamori_check_runner_set_families (runner, families);
  findings = mamori_check_runner_run (runner, profile, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (findings->len, ==, N_CONCURRENT);
  /* Every barrier check saw all the others running at the same time. */
  for (guint i = 0; i < findings->len; i++)
    g_assert_cmpint (mamori_finding_get_status (g_ptr_array_index (findings, i)), ==,
                     MAMORI_STATUS_PASS);
}

static void
test_timeout (void)
{
  g_autoptr(MamoriCheckRegistry) registry = make_registry ();
  g_autoptr(MamoriCheckOptions) options = mamori_check_options_new ();
  g_autoptr(MamoriCheckRunner) runner = NULL;
  g_autoptr(MamoriProfile) profile = make_profile ();
  g_autoptr(GPtrArray) findings = NULL;
  g_autoptr(GError) error = NULL;
  const char * const families[] = { "cloud", "telework", NULL };
  MamoriFinding *hang;

  options->check_timeout_ms = 100;
  runner = mamori_check_runner_new (registry, options);
  mamori_check_runner_set_families (runner, families);
  findings = mamori_check_runner_run (runner, profile, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (findings->len, ==, 2);
  hang = find (findings, "cloud.t_hang", "");
  g_assert_nonnull (hang);
  g_assert_cmpint (mamori_finding_get_status (hang), ==, MAMORI_STATUS_ERROR);
  g_assert_cmpstr (mamori_finding_get_message_id (hang), ==,
                   "The check did not finish within {0} seconds.");
  g_assert_cmpint (mamori_finding_get_status (find (findings, "telework.t_pass", "")), ==,
                   MAMORI_STATUS_PASS);
}

static void
cancel_on_start (const char *check_id, const char *subject, gboolean finished, guint n_done,
                 guint n_total, gpointer user_data)
{
  if (!finished && g_str_equal (check_id, "cloud.t_hang"))
    g_cancellable_cancel (user_data);
}

static void
test_cancel (void)
{
  g_autoptr(MamoriCheckRegistry) registry = make_registry ();
  g_autoptr(MamoriCheckRunner) runner = mamori_check_runner_new (registry, NULL);
  g_autoptr(MamoriProfile) profile = make_profile ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GPtrArray) findings = NULL;
  g_autoptr(GError) error = NULL;
  const char * const families[] = { "cloud", NULL };

  mamori_check_runner_set_families (runner, families);
  findings = mamori_check_runner_run (runner, profile, cancellable, cancel_on_start, cancellable,
                                      &error);
  g_assert_null (findings);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

typedef struct {
  GMainLoop *loop;
  GPtrArray *findings;
  GError    *error;
  guint      progress;
  GThread   *main_thread;
} AsyncData;

static void
async_progress (const char *check_id, const char *subject, gboolean finished, guint n_done,
                guint n_total, gpointer user_data)
{
  AsyncData *data = user_data;

  /* Progress is delivered on the thread that started the run (the GUI's). */
  g_assert_true (g_thread_self () == data->main_thread);
  data->progress++;
}

static void
async_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  AsyncData *data = user_data;

  data->findings = mamori_check_runner_run_finish (MAMORI_CHECK_RUNNER (source), result,
                                                   &data->error);
  g_main_loop_quit (data->loop);
}

static void
test_async (void)
{
  g_autoptr(MamoriCheckRegistry) registry = make_registry ();
  g_autoptr(MamoriCheckRunner) runner = mamori_check_runner_new (registry, NULL);
  g_autoptr(MamoriProfile) profile = make_profile ();
  const char * const families[] = { "domain", NULL };
  AsyncData data = { 0 };

  data.loop = g_main_loop_new (NULL, FALSE);
  data.main_thread = g_thread_self ();
  mamori_check_runner_set_families (runner, families);
  mamori_check_runner_run_async (runner, profile, NULL, async_progress, &data, NULL, async_done,
                                 &data);
  g_main_loop_run (data.loop);
  g_assert_no_error (data.error);
  g_assert_cmpuint (data.findings->len, ==, 6);
  /* Let queued progress events drain: they were sent before the result. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpuint (data.progress, >=, 6);
  g_ptr_array_unref (data.findings);
  g_main_loop_unref (data.loop);
}

static void
test_nothing_selected (void)
{
  g_autoptr(MamoriCheckRegistry) registry = make_registry ();
  g_autoptr(MamoriCheckRunner) runner = mamori_check_runner_new (registry, NULL);
  g_autoptr(MamoriProfile) profile = mamori_profile_new ("no domains", MAMORI_ORG_KIND_SME);
  g_autoptr(GPtrArray) findings = NULL;
  g_autoptr(GError) error = NULL;
  const char * const families[] = { "domain", NULL };

  mamori_check_runner_set_families (runner, families);
  findings = mamori_check_runner_run (runner, profile, NULL, NULL, NULL, &error);
  g_assert_null (findings);
  g_assert_error (error, MAMORI_ERROR, MAMORI_ERROR_INVALID_INPUT);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/mamori/core/runner/domain-family", test_domain_family);
  g_test_add_func ("/mamori/core/runner/concurrent", test_concurrent);
  g_test_add_func ("/mamori/core/runner/timeout", test_timeout);
  g_test_add_func ("/mamori/core/runner/cancel", test_cancel);
  g_test_add_func ("/mamori/core/runner/async", test_async);
  g_test_add_func ("/mamori/core/runner/nothing-selected", test_nothing_selected);
  return g_test_run ();
}

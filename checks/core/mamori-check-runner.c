/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "mamori-check-runner.h"
#include "mamori-dns.h"
#include "mamori-error.h"

struct _MamoriCheckRunner
{
  GObject              parent_instance;

  MamoriCheckRegistry *registry;
  MamoriCheckOptions  *options;
  guint                max_threads;
  GStrv                families;
};

G_DEFINE_FINAL_TYPE (MamoriCheckRunner, mamori_check_runner, G_TYPE_OBJECT)

typedef enum {
  JOB_QUEUED,
  JOB_RUNNING,
  JOB_DONE,
} JobState;

/* One check for one subject. Shared between the pool thread and the runner, so it is
 * reference counted: a job that overran its timeout may still be running when the run
 * returns, and must find everything it uses still alive. */
typedef struct {
  const MamoriCheckDescriptor *descriptor;
  MamoriCheckContext          *context;
  GAsyncQueue                 *done_queue;
  gint                         state;        /* JobState, atomic */
  gint64                       started_at;   /* monotonic µs, atomic via the lock below */
  GMutex                       lock;
  gboolean                     ok;
  GError                      *error;
  GPtrArray                   *findings;     /* result, set when done */
  gboolean                     abandoned;    /* timed out or cancelled: result ignored */
  gboolean                     notify_start; /* someone follows progress: say when it starts */
} Job;

static Job *
job_ref (Job *job)
{
  return g_atomic_rc_box_acquire (job);
}

static void
job_clear (Job *job)
{
  mamori_check_context_unref (job->context);
  g_async_queue_unref (job->done_queue);
  g_clear_error (&job->error);
  g_clear_pointer (&job->findings, g_ptr_array_unref);
  g_mutex_clear (&job->lock);
}

static void
job_unref (Job *job)
{
  g_atomic_rc_box_release_full (job, (GDestroyNotify) job_clear);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Job, job_unref)

static void
mamori_check_runner_finalize (GObject *object)
{
  MamoriCheckRunner *self = (MamoriCheckRunner *) object;

  g_clear_object (&self->registry);
  g_clear_pointer (&self->options, mamori_check_options_unref);
  g_strfreev (self->families);

  G_OBJECT_CLASS (mamori_check_runner_parent_class)->finalize (object);
}

static void
mamori_check_runner_class_init (MamoriCheckRunnerClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = mamori_check_runner_finalize;
}

static void
mamori_check_runner_init (MamoriCheckRunner *self)
{
  self->max_threads = 16;
}

MamoriCheckRunner *
mamori_check_runner_new (MamoriCheckRegistry *registry,
                         MamoriCheckOptions  *options)
{
  MamoriCheckRunner *self;

  g_return_val_if_fail (MAMORI_IS_CHECK_REGISTRY (registry), NULL);

  self = g_object_new (MAMORI_TYPE_CHECK_RUNNER, NULL);
  self->registry = g_object_ref (registry);
  self->options = options != NULL ? mamori_check_options_ref (options)
                                  : mamori_check_options_new ();
  return self;
}

void
mamori_check_runner_set_max_threads (MamoriCheckRunner *self,
                                     guint              max_threads)
{
  g_return_if_fail (MAMORI_IS_CHECK_RUNNER (self));
  self->max_threads = MAX (1, max_threads);
}

void
mamori_check_runner_set_families (MamoriCheckRunner  *self,
                                  const char * const *families)
{
  g_return_if_fail (MAMORI_IS_CHECK_RUNNER (self));
  g_strfreev (self->families);
  self->families = families != NULL && families[0] != NULL ? g_strdupv ((char **) families)
                                                           : NULL;
}

static void
job_run_cb (gpointer data,
            gpointer pool_data G_GNUC_UNUSED)
{
  g_autoptr(Job) job = data;
  GError *error = NULL;
  gboolean ok;

  g_mutex_lock (&job->lock);
  job->started_at = g_get_monotonic_time ();
  g_atomic_int_set (&job->state, JOB_RUNNING);
  g_mutex_unlock (&job->lock);
  /* The "started" notice only feeds the progress callback; without one it would wake the
   * runner for nothing, once per job. */
  if (job->notify_start)
    g_async_queue_push (job->done_queue, job_ref (job));   /* "started" notice */

  if (g_cancellable_is_cancelled (mamori_check_context_get_cancellable (job->context)))
    {
      ok = FALSE;
      g_set_error_literal (&error, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Cancelled"));
    }
  else
    {
      ok = job->descriptor->run (job->context, &error);
    }
  if (!ok && error == NULL)
    g_set_error (&error, MAMORI_ERROR, MAMORI_ERROR_PROTOCOL,
                 _("The check “%s” failed without saying why"), job->descriptor->id);

  g_mutex_lock (&job->lock);
  job->ok = ok;
  job->error = error;
  job->findings = mamori_check_context_steal_findings (job->context);
  g_atomic_int_set (&job->state, JOB_DONE);
  g_mutex_unlock (&job->lock);
  g_async_queue_push (job->done_queue, job_ref (job));   /* "finished" notice */
}

static gboolean
family_selected (MamoriCheckRunner           *self,
                 const MamoriCheckDescriptor *descriptor)
{
  if (self->families == NULL)
    return TRUE;
  return g_strv_contains ((const char * const *) self->families,
                          mamori_check_family_to_string (descriptor->family));
}

static gboolean
check_selected (MamoriCheckRunner           *self,
                const MamoriCheckDescriptor *descriptor)
{
  if (self->options->only != NULL && self->options->only[0] != NULL)
    return g_strv_contains ((const char * const *) self->options->only, descriptor->id);
  return family_selected (self, descriptor);
}

static MamoriFinding *
error_finding (const MamoriCheckDescriptor *descriptor,
               const char                  *subject,
               const char                  *msgid,
               const char                  *detail)
{
  MamoriFinding *finding = mamori_finding_new (descriptor->id, subject, MAMORI_STATUS_ERROR,
                                               MAMORI_SEVERITY_INFO);

  mamori_finding_set_message (finding, msgid, detail, NULL);
  mamori_finding_set_remediation (finding,
                                  N_("Check the network connection and the resolver "
                                     "setting, then run the check again."),
                                  NULL);
  return finding;
}

/* Moves a finished job's outcome into its result slot. */
static void
collect_job (Job        *job,
             GPtrArray  *slot)
{
  if (job->findings != NULL)
    g_ptr_array_extend_and_steal (slot, g_steal_pointer (&job->findings));

  if (!job->ok)
    {
      const char *subject = mamori_check_context_get_subject (job->context);

      if (g_error_matches (job->error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_ptr_array_add (slot, error_finding (job->descriptor, subject,
                                              N_("The check was cancelled."), NULL));
      else
        g_ptr_array_add (slot, error_finding (job->descriptor, subject,
                                              N_("The check could not decide: {0}"),
                                              job->error->message));
    }
  else if (slot->len == 0)
    {
      /* A check that found nothing to say still says so: silence must not look like a pass. */
      MamoriFinding *finding = mamori_finding_new (job->descriptor->id,
                                                   mamori_check_context_get_subject (job->context),
                                                   MAMORI_STATUS_NOT_APPLICABLE,
                                                   MAMORI_SEVERITY_INFO);
      mamori_finding_set_message (finding, N_("Nothing to check here."), NULL);
      g_ptr_array_add (slot, finding);
    }
}

GPtrArray *
mamori_check_runner_run (MamoriCheckRunner        *self,
                         MamoriProfile            *profile,
                         GCancellable             *cancellable,
                         MamoriCheckProgressFunc   progress,
                         gpointer                  user_data,
                         GError                  **error)
{
  g_autoptr(GPtrArray) jobs = g_ptr_array_new_with_free_func ((GDestroyNotify) job_unref);
  g_autoptr(GPtrArray) slots = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  g_autoptr(GAsyncQueue) queue = g_async_queue_new_full ((GDestroyNotify) job_unref);
  g_autoptr(MamoriDns) dns = NULL;
  g_autoptr(GPtrArray) results = NULL;
  GPtrArray *checks;
  GThreadPool *pool;
  gint64 timeout_us;
  guint n_done = 0;
  gboolean cancelled = FALSE;

  g_return_val_if_fail (MAMORI_IS_CHECK_RUNNER (self), NULL);
  g_return_val_if_fail (profile != NULL, NULL);

  dns = mamori_dns_new (self->options, error);
  if (dns == NULL)
    return NULL;

  checks = mamori_check_registry_get_checks (self->registry);
  for (guint i = 0; i < checks->len; i++)
    {
      const MamoriCheckDescriptor *descriptor = g_ptr_array_index (checks, i);
      const char * const no_subject[] = { "", NULL };
      const char * const *subjects = no_subject;

      if (!check_selected (self, descriptor))
        continue;
      if (self->options->offline && (descriptor->needs & MAMORI_CHECK_NEEDS_OUTSIDE))
        continue;
      if (descriptor->needs & MAMORI_CHECK_NEEDS_DOMAIN)
        subjects = (const char * const *) profile->domains;

      for (guint j = 0; subjects[j] != NULL; j++)
        {
          Job *job = g_atomic_rc_box_new0 (Job);
          g_autoptr(GCancellable) job_cancellable = g_cancellable_new ();

          job->descriptor = descriptor;
          job->context = mamori_check_context_new (descriptor->id, subjects[j], profile,
                                                   self->options, dns, job_cancellable);
          job->done_queue = g_async_queue_ref (queue);
          job->notify_start = progress != NULL;
          g_mutex_init (&job->lock);
          g_ptr_array_add (jobs, job);
          g_ptr_array_add (slots, g_ptr_array_new_with_free_func (g_object_unref));
        }
    }

  if (jobs->len == 0)
    {
      g_set_error (error, MAMORI_ERROR, MAMORI_ERROR_INVALID_INPUT,
                   _("No check matches the selection (family, --only, or no domain given)"));
      return NULL;
    }

  pool = g_thread_pool_new (job_run_cb, NULL, (int) MIN (self->max_threads, jobs->len),
                            FALSE, NULL);
  for (guint i = 0; i < jobs->len; i++)
    g_thread_pool_push (pool, job_ref (g_ptr_array_index (jobs, i)), NULL);

  timeout_us = (gint64) self->options->check_timeout_ms * 1000;

  while (n_done < jobs->len)
    {
      g_autoptr(Job) notice = g_async_queue_timeout_pop (queue, 50 * 1000);
      gint64 now = g_get_monotonic_time ();

      if (!cancelled && g_cancellable_is_cancelled (cancellable))
        {
          cancelled = TRUE;
          for (guint i = 0; i < jobs->len; i++)
            {
              Job *job = g_ptr_array_index (jobs, i);
              g_cancellable_cancel (mamori_check_context_get_cancellable (job->context));
            }
        }

      if (notice != NULL && !notice->abandoned)
        {
          guint idx = 0;

          g_ptr_array_find (jobs, notice, &idx);
          if (g_atomic_int_get (&notice->state) == JOB_DONE && notice->findings != NULL)
            {
              g_mutex_lock (&notice->lock);
              collect_job (notice, g_ptr_array_index (slots, idx));
              notice->abandoned = TRUE;   /* collected */
              g_mutex_unlock (&notice->lock);
              n_done++;
              if (progress != NULL)
                progress (notice->descriptor->id,
                          mamori_check_context_get_subject (notice->context),
                          TRUE, n_done, jobs->len, user_data);
            }
          else if (g_atomic_int_get (&notice->state) != JOB_DONE && progress != NULL)
            {
              progress (notice->descriptor->id,
                        mamori_check_context_get_subject (notice->context),
                        FALSE, n_done, jobs->len, user_data);
            }
        }

      /* Jobs that overran their time: record "could not decide" and stop waiting. The
       * thread notices its cancellable at the next query and ends by itself. */
      for (guint i = 0; i < jobs->len; i++)
        {
          Job *job = g_ptr_array_index (jobs, i);
          gboolean overran;

          g_mutex_lock (&job->lock);
          overran = !job->abandoned && g_atomic_int_get (&job->state) == JOB_RUNNING &&
                    timeout_us > 0 && now - job->started_at > timeout_us;
          if (overran)
            job->abandoned = TRUE;
          g_mutex_unlock (&job->lock);

          if (overran)
            {
              g_autofree char *seconds = g_strdup_printf ("%u", self->options->check_timeout_ms / 1000);

              g_cancellable_cancel (mamori_check_context_get_cancellable (job->context));
              g_ptr_array_add (g_ptr_array_index (slots, i),
                               error_finding (job->descriptor,
                                              mamori_check_context_get_subject (job->context),
                                              N_("The check did not finish within {0} seconds."),
                                              seconds));
              n_done++;
              if (progress != NULL)
                progress (job->descriptor->id, mamori_check_context_get_subject (job->context),
                          TRUE, n_done, jobs->len, user_data);
            }
        }
    }

  /* Don't wait for overrunning threads: they hold their own references. */
  g_thread_pool_free (pool, FALSE, FALSE);

  if (cancelled)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("The run was cancelled"));
      return NULL;
    }

  results = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < slots->len; i++)
    {
      GPtrArray *slot = g_ptr_array_index (slots, i);

      /* extend_and_steal empties and unrefs its argument; the extra ref keeps the slot. */
      g_ptr_array_extend_and_steal (results, g_ptr_array_ref (slot));
    }
  return g_steal_pointer (&results);
}

typedef struct {
  MamoriProfile           *profile;
  GMainContext            *context;
  MamoriCheckProgressFunc  progress;
  gpointer                 progress_data;
  GDestroyNotify           progress_destroy;
} RunData;

static void
run_data_free (RunData *data)
{
  mamori_profile_unref (data->profile);
  g_main_context_unref (data->context);
  if (data->progress_destroy != NULL)
    data->progress_destroy (data->progress_data);
  g_free (data);
}

typedef struct {
  GTask    *task;      /* keeps RunData alive until delivered */
  char     *check_id;
  char     *subject;
  gboolean  finished;
  guint     n_done;
  guint     n_total;
} ProgressEvent;

static void
progress_event_free (ProgressEvent *event)
{
  g_object_unref (event->task);
  g_free (event->check_id);
  g_free (event->subject);
  g_free (event);
}

static gboolean
deliver_progress_cb (gpointer user_data)
{
  ProgressEvent *event = user_data;
  RunData *data = g_task_get_task_data (event->task);

  data->progress (event->check_id, event->subject, event->finished, event->n_done,
                  event->n_total, data->progress_data);
  return G_SOURCE_REMOVE;
}

/* Runs on the worker thread: hands the event to the caller's main context. */
static void
forward_progress (const char *check_id,
                  const char *subject,
                  gboolean    finished,
                  guint       n_done,
                  guint       n_total,
                  gpointer    user_data)
{
  GTask *task = user_data;
  RunData *data = g_task_get_task_data (task);
  ProgressEvent *event = g_new0 (ProgressEvent, 1);

  event->task = g_object_ref (task);
  event->check_id = g_strdup (check_id);
  event->subject = g_strdup (subject);
  event->finished = finished;
  event->n_done = n_done;
  event->n_total = n_total;
  /* Always through a source: g_main_context_invoke would run the callback right here, on the
   * worker thread, whenever the caller's context happens not to be owned at this moment. */
  {
    g_autoptr(GSource) source = g_idle_source_new ();

    g_source_set_priority (source, G_PRIORITY_DEFAULT);
    g_source_set_callback (source, deliver_progress_cb, event,
                           (GDestroyNotify) progress_event_free);
    g_source_set_static_name (source, "[mamori] runner progress");
    g_source_attach (source, data->context);
  }
}

static void
run_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  MamoriCheckRunner *self = source_object;
  RunData *data = task_data;
  GError *error = NULL;
  GPtrArray *findings;

  findings = mamori_check_runner_run (self, data->profile, cancellable,
                                      data->progress != NULL ? forward_progress : NULL,
                                      task, &error);
  if (findings == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, findings, (GDestroyNotify) g_ptr_array_unref);
}

void
mamori_check_runner_run_async (MamoriCheckRunner       *self,
                               MamoriProfile           *profile,
                               GCancellable            *cancellable,
                               MamoriCheckProgressFunc  progress,
                               gpointer                 progress_data,
                               GDestroyNotify           progress_destroy,
                               GAsyncReadyCallback      callback,
                               gpointer                 user_data)
{
  g_autoptr(GTask) task = NULL;
  RunData *data;

  g_return_if_fail (MAMORI_IS_CHECK_RUNNER (self));
  g_return_if_fail (profile != NULL);

  data = g_new0 (RunData, 1);
  data->profile = mamori_profile_ref (profile);
  data->context = g_main_context_ref_thread_default ();
  data->progress = progress;
  data->progress_data = progress_data;
  data->progress_destroy = progress_destroy;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, mamori_check_runner_run_async);
  g_task_set_task_data (task, data, (GDestroyNotify) run_data_free);
  /* The runner reports cancellation itself, after stopping its jobs. */
  g_task_set_return_on_cancel (task, FALSE);
  g_task_run_in_thread (task, run_thread);
}

GPtrArray *
mamori_check_runner_run_finish (MamoriCheckRunner  *self,
                                GAsyncResult       *result,
                                GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

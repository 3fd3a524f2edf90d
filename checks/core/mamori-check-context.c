/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "mamori-check-context.h"
#include "mamori-dns.h"

struct _MamoriCheckContext
{
  char               *check_id;
  char               *subject;
  MamoriProfile      *profile;
  MamoriCheckOptions *options;
  MamoriDns          *dns;
  GCancellable       *cancellable;
  GMutex              lock;
  GPtrArray          *findings;
};

MamoriCheckContext *
mamori_check_context_new (const char         *check_id,
                          const char         *subject,
                          MamoriProfile      *profile,
                          MamoriCheckOptions *options,
                          MamoriDns          *dns,
                          GCancellable       *cancellable)
{
  MamoriCheckContext *self = g_atomic_rc_box_new0 (MamoriCheckContext);

  self->check_id = g_strdup (check_id);
  self->subject = g_strdup (subject != NULL ? subject : "");
  self->profile = profile != NULL ? mamori_profile_ref (profile) : mamori_profile_new ("", 0);
  self->options = options != NULL ? mamori_check_options_ref (options)
                                  : mamori_check_options_new ();
  self->dns = dns != NULL ? mamori_dns_ref (dns) : NULL;
  self->cancellable = cancellable != NULL ? g_object_ref (cancellable) : g_cancellable_new ();
  g_mutex_init (&self->lock);
  self->findings = g_ptr_array_new_with_free_func (g_object_unref);
  return self;
}

MamoriCheckContext *
mamori_check_context_ref (MamoriCheckContext *self)
{
  return g_atomic_rc_box_acquire (self);
}

static void
context_clear (MamoriCheckContext *self)
{
  g_free (self->check_id);
  g_free (self->subject);
  mamori_profile_unref (self->profile);
  mamori_check_options_unref (self->options);
  g_clear_pointer (&self->dns, mamori_dns_unref);
  g_object_unref (self->cancellable);
  g_mutex_clear (&self->lock);
  g_ptr_array_unref (self->findings);
}

void
mamori_check_context_unref (MamoriCheckContext *self)
{
  g_atomic_rc_box_release_full (self, (GDestroyNotify) context_clear);
}

const char *
mamori_check_context_get_check_id (MamoriCheckContext *self)
{
  return self->check_id;
}

const char *
mamori_check_context_get_subject (MamoriCheckContext *self)
{
  return self->subject;
}

MamoriProfile *
mamori_check_context_get_profile (MamoriCheckContext *self)
{
  return self->profile;
}

MamoriCheckOptions *
mamori_check_context_get_options (MamoriCheckContext *self)
{
  return self->options;
}

MamoriDns *
mamori_check_context_get_dns (MamoriCheckContext *self)
{
  return self->dns;
}

GCancellable *
mamori_check_context_get_cancellable (MamoriCheckContext *self)
{
  return self->cancellable;
}

gboolean
mamori_check_context_set_error_if_cancelled (MamoriCheckContext  *self,
                                             GError             **error)
{
  return g_cancellable_set_error_if_cancelled (self->cancellable, error);
}

MamoriFinding *
mamori_check_context_add_finding_for (MamoriCheckContext *self,
                                      const char         *subject,
                                      MamoriStatus        status,
                                      MamoriSeverity      severity)
{
  MamoriFinding *finding = mamori_finding_new (self->check_id, subject, status, severity);

  g_mutex_lock (&self->lock);
  g_ptr_array_add (self->findings, finding);
  g_mutex_unlock (&self->lock);
  return finding;
}

MamoriFinding *
mamori_check_context_add_finding (MamoriCheckContext *self,
                                  MamoriStatus        status,
                                  MamoriSeverity      severity)
{
  return mamori_check_context_add_finding_for (self, self->subject, status, severity);
}

GPtrArray *
mamori_check_context_get_findings (MamoriCheckContext *self)
{
  return self->findings;
}

GPtrArray *
mamori_check_context_steal_findings (MamoriCheckContext *self)
{
  GPtrArray *findings;

  g_mutex_lock (&self->lock);
  findings = g_steal_pointer (&self->findings);
  self->findings = g_ptr_array_new_with_free_func (g_object_unref);
  g_mutex_unlock (&self->lock);
  return findings;
}

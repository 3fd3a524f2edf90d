/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "mamori-check-options.h"

G_DEFINE_BOXED_TYPE (MamoriCheckOptions, mamori_check_options,
                     mamori_check_options_ref, mamori_check_options_unref)

MamoriCheckOptions *
mamori_check_options_new (void)
{
  MamoriCheckOptions *self = g_atomic_rc_box_new0 (MamoriCheckOptions);

  self->timeout_ms = 3000;
  self->retries = 2;
  self->check_timeout_ms = 60000;
  self->api_bases = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  /* The public defaults; tests and mirrors replace them with --api-base. */
  g_hash_table_insert (self->api_bases, g_strdup ("ripestat"), g_strdup ("https://stat.ripe.net"));
  g_hash_table_insert (self->api_bases, g_strdup ("internetdb"),
                       g_strdup ("https://internetdb.shodan.io"));
  return self;
}

MamoriCheckOptions *
mamori_check_options_ref (MamoriCheckOptions *self)
{
  return g_atomic_rc_box_acquire (self);
}

static void
options_clear (MamoriCheckOptions *self)
{
  g_free (self->resolver);
  g_free (self->trust_anchor_file);
  g_free (self->ca_file);
  g_free (self->rtr);
  g_free (self->vrp_file);
  g_hash_table_unref (self->api_bases);
  g_strfreev (self->only);
}

void
mamori_check_options_unref (MamoriCheckOptions *self)
{
  g_atomic_rc_box_release_full (self, (GDestroyNotify) options_clear);
}

void
mamori_check_options_set_api_base (MamoriCheckOptions *self,
                                   const char         *name,
                                   const char         *url)
{
  g_hash_table_insert (self->api_bases, g_strdup (name), g_strdup (url));
}

const char *
mamori_check_options_get_api_base (MamoriCheckOptions *self,
                                   const char         *name)
{
  return g_hash_table_lookup (self->api_bases, name);
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "mamori-domain-name.h"
#include "mamori-error.h"
#include "mamori-onboarding-page.h"

struct _MamoriOnboardingPage
{
  AdwBin      parent_instance;

  GSettings  *settings;

  GtkWidget  *name_row;
  GtkWidget  *kind_row;
  GtkWidget  *domains_row;
  GtkWidget  *selectors_row;
  GtkWidget  *offline_switch;
  GtkWidget  *error_label;
};

G_DEFINE_FINAL_TYPE (MamoriOnboardingPage, mamori_onboarding_page, ADW_TYPE_BIN)

enum {
  FINISHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static char **
split_words (const char *text)
{
  g_autoptr(GPtrArray) words = g_ptr_array_new_null_terminated (4, g_free, TRUE);
  g_auto(GStrv) parts = NULL;

  /* People paste lists with commas, Japanese commas or new lines as well as spaces. */
  parts = g_regex_split_simple ("[\\s,、，;]+", text != NULL ? text : "", 0, 0);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      if (*parts[i] != '\0')
        g_ptr_array_add (words, g_strdup (parts[i]));
    }
  return (char **) g_ptr_array_free (g_steal_pointer (&words), FALSE);
}

MamoriProfile *
mamori_onboarding_page_get_profile (MamoriOnboardingPage  *self,
                                    GError               **error)
{
  g_autoptr(MamoriProfile) profile = NULL;
  g_autofree char *name = NULL;
  g_auto(GStrv) domains = NULL;
  g_auto(GStrv) selectors = NULL;
  MamoriOrgKind kind;

  g_return_val_if_fail (MAMORI_IS_ONBOARDING_PAGE (self), NULL);

  name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_row))));
  if (*name == '\0')
    {
      g_set_error_literal (error, MAMORI_ERROR, MAMORI_ERROR_INVALID_INPUT,
                           _("Please enter the name of the organisation."));
      return NULL;
    }
  kind = adw_combo_row_get_selected (ADW_COMBO_ROW (self->kind_row)) == 1
         ? MAMORI_ORG_KIND_MUNICIPALITY : MAMORI_ORG_KIND_SME;
  profile = mamori_profile_new (name, kind);

  domains = split_words (gtk_editable_get_text (GTK_EDITABLE (self->domains_row)));
  if (domains[0] == NULL)
    {
      g_set_error_literal (error, MAMORI_ERROR, MAMORI_ERROR_INVALID_INPUT,
                           _("Please enter at least one domain, such as the part after @ in "
                             "your email address."));
      return NULL;
    }
  for (guint i = 0; domains[i] != NULL; i++)
    {
      g_autoptr(GError) local_error = NULL;
      g_autofree char *domain = mamori_domain_name_normalize (domains[i], &local_error);

      if (domain == NULL)
        {
          /* The engine's message already names what the user typed and why it is wrong. */
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
      if (!g_strv_contains ((const char * const *) profile->domains, domain))
        mamori_profile_add_domain (profile, domain);
    }

  selectors = split_words (gtk_editable_get_text (GTK_EDITABLE (self->selectors_row)));
  for (guint i = 0; selectors[i] != NULL; i++)
    {
      if (!g_regex_match_simple ("^[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*$", selectors[i], 0, 0))
        {
          g_set_error (error, MAMORI_ERROR, MAMORI_ERROR_INVALID_INPUT,
                       _("“%s” is not a DKIM selector: use letters, digits, “-” and “_”."),
                       selectors[i]);
          return NULL;
        }
      mamori_profile_add_dkim_selector (profile, selectors[i]);
    }

  return g_steal_pointer (&profile);
}

static void
finish_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  MamoriOnboardingPage *self = MAMORI_ONBOARDING_PAGE (widget);
  g_autoptr(GError) error = NULL;
  g_autoptr(MamoriProfile) profile = mamori_onboarding_page_get_profile (self, &error);

  if (profile == NULL)
    {
      gtk_label_set_text (GTK_LABEL (self->error_label), error->message);
      gtk_widget_set_visible (self->error_label, TRUE);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->error_label),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, error->message, -1);
      /* The form can be taller than the window: say it where it is always seen, too. */
      gtk_widget_activate_action (widget, "win.toast", "s", error->message);
      return;
    }
  gtk_widget_set_visible (self->error_label, FALSE);
  gtk_label_set_text (GTK_LABEL (self->error_label), "");
  g_signal_emit (self, signals[FINISHED], 0, profile);
}

static void
mamori_onboarding_page_dispose (GObject *object)
{
  MamoriOnboardingPage *self = MAMORI_ONBOARDING_PAGE (object);

  g_clear_object (&self->settings);
  G_OBJECT_CLASS (mamori_onboarding_page_parent_class)->dispose (object);
}

static void
mamori_onboarding_page_class_init (MamoriOnboardingPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mamori_onboarding_page_dispose;

  /**
   * MamoriOnboardingPage::finished:
   * @profile: the organisation as entered (MamoriProfile)
   *
   * The form was complete and valid, and the user continued.
   */
  signals[FINISHED] = g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL, G_TYPE_NONE, 1, MAMORI_TYPE_PROFILE);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/mamori_jp/Mamori/mamori-onboarding-page.ui");
  gtk_widget_class_bind_template_child (widget_class, MamoriOnboardingPage, name_row);
  gtk_widget_class_bind_template_child (widget_class, MamoriOnboardingPage, kind_row);
  gtk_widget_class_bind_template_child (widget_class, MamoriOnboardingPage, domains_row);
  gtk_widget_class_bind_template_child (widget_class, MamoriOnboardingPage, selectors_row);
  gtk_widget_class_bind_template_child (widget_class, MamoriOnboardingPage, offline_switch);
  gtk_widget_class_bind_template_child (widget_class, MamoriOnboardingPage, error_label);

  gtk_widget_class_install_action (widget_class, "onboarding.finish", NULL, finish_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK,
                                       "onboarding.finish", NULL);
}

static void
mamori_onboarding_page_init (MamoriOnboardingPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  /* The offline switch is the same setting as in Preferences. */
  self->settings = g_settings_new (APP_ID);
  g_settings_bind (self->settings, "offline", self->offline_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
}

GtkWidget *
mamori_onboarding_page_new (void)
{
  return g_object_new (MAMORI_TYPE_ONBOARDING_PAGE, NULL);
}

void
mamori_onboarding_page_set_profile (MamoriOnboardingPage *self,
                                    MamoriProfile        *profile)
{
  g_autofree char *domains = NULL;
  g_autofree char *selectors = NULL;

  g_return_if_fail (MAMORI_IS_ONBOARDING_PAGE (self));

  if (profile == NULL)
    {
      mamori_onboarding_page_fill (self, "", MAMORI_ORG_KIND_SME, "", "");
      return;
    }
  domains = g_strjoinv (" ", profile->domains);
  selectors = g_strjoinv (" ", profile->dkim_selectors);
  mamori_onboarding_page_fill (self, profile->name, profile->kind, domains, selectors);
}

void
mamori_onboarding_page_fill (MamoriOnboardingPage *self,
                             const char           *name,
                             MamoriOrgKind         kind,
                             const char           *domains,
                             const char           *selectors)
{
  g_return_if_fail (MAMORI_IS_ONBOARDING_PAGE (self));

  gtk_editable_set_text (GTK_EDITABLE (self->name_row), name != NULL ? name : "");
  adw_combo_row_set_selected (ADW_COMBO_ROW (self->kind_row),
                              kind == MAMORI_ORG_KIND_MUNICIPALITY ? 1 : 0);
  gtk_editable_set_text (GTK_EDITABLE (self->domains_row), domains != NULL ? domains : "");
  gtk_editable_set_text (GTK_EDITABLE (self->selectors_row), selectors != NULL ? selectors : "");
  gtk_widget_set_visible (self->error_label, FALSE);
}

const char *
mamori_onboarding_page_get_error (MamoriOnboardingPage *self)
{
  g_return_val_if_fail (MAMORI_IS_ONBOARDING_PAGE (self), NULL);

  if (!gtk_widget_get_visible (self->error_label))
    return NULL;
  return gtk_label_get_text (GTK_LABEL (self->error_label));
}

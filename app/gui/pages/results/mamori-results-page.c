/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "mamori-domain-name.h"
#include "mamori-finding-detail.h"
#include "mamori-results-page.h"
#include "mamori-score.h"
#include "mamori-score-chart.h"
#include "mamori-status-badge.h"

#define N_FAMILIES (MAMORI_FAMILY_CLOUD + 1)
#define MAX_FALLBACK_PRIORITIES 5

struct _MamoriResultsPage
{
  AdwBin               parent_instance;

  MamoriCheckRegistry *registry;
  MamoriCatalog       *catalog;
  MamoriRunResult     *result;
  GPtrArray           *priority_rows;   /* rows added to priorities_group */
  GPtrArray           *finding_rows;    /* AdwActionRow, in list order */
  GPtrArray           *family_groups;   /* AdwPreferencesGroup in families_box */
  guint                n_unscored;      /* guidelines of the result without a score */

  GtkWidget           *stack;
  GtkWidget           *list_scroller;
  GtkWidget           *score_box;
  GtkWidget           *overall_label;
  GtkWidget           *overall_caption;
  GtkWidget           *chart;
  GtkWidget           *summary_label;
  GtkWidget           *priorities_group;
  GtkWidget           *families_box;
  GtkWidget           *detail;
};

G_DEFINE_FINAL_TYPE (MamoriResultsPage, mamori_results_page, ADW_TYPE_BIN)

static const char *
check_title (MamoriResultsPage *self,
             const char        *check_id)
{
  const MamoriCheckDescriptor *d = NULL;

  if (self->registry != NULL)
    d = mamori_check_registry_lookup (self->registry, check_id);
  return d != NULL ? mamori_check_descriptor_get_title (d) : check_id;
}

static void
show_finding_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  MamoriResultsPage *self = MAMORI_RESULTS_PAGE (widget);
  guint index = g_variant_get_uint32 (param);

  if (self->result == NULL || index >= self->result->findings->len)
    return;
  mamori_finding_detail_set_finding (MAMORI_FINDING_DETAIL (self->detail), self->registry,
                                     g_ptr_array_index (self->result->findings, index));
  gtk_stack_set_visible_child_name (GTK_STACK (self->stack), "detail");
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  MamoriResultsPage *self = MAMORI_RESULTS_PAGE (widget);

  if (self->result != NULL)
    gtk_stack_set_visible_child_name (GTK_STACK (self->stack), "list");
}

static void
clear_list (MamoriResultsPage *self)
{
  for (guint i = 0; i < self->priority_rows->len; i++)
    adw_preferences_group_remove (ADW_PREFERENCES_GROUP (self->priorities_group),
                                  g_ptr_array_index (self->priority_rows, i));
  g_ptr_array_set_size (self->priority_rows, 0);
  for (guint i = 0; i < self->family_groups->len; i++)
    gtk_box_remove (GTK_BOX (self->families_box), g_ptr_array_index (self->family_groups, i));
  g_ptr_array_set_size (self->family_groups, 0);
  g_ptr_array_set_size (self->finding_rows, 0);
  mamori_score_chart_clear (MAMORI_SCORE_CHART (self->chart));
}

static GtkWidget *
add_priority_row (MamoriResultsPage *self,
                  const char        *title,
                  const char        *subtitle)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *number = g_strdup_printf ("%u", self->priority_rows->len + 1);
  GtkWidget *label = gtk_label_new (number);

  gtk_widget_add_css_class (label, "title-3");
  gtk_widget_add_css_class (label, "accent");
  gtk_widget_set_size_request (label, 24, -1);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), label);
  /* Titles and remediations come from our catalogs and checks, but may quote records:
   * never let them be read as markup. */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self->priorities_group), row);
  g_ptr_array_add (self->priority_rows, row);
  return row;
}

static const char *
json_title (JsonObject *title)
{
  const char * const *langs = g_get_language_names ();

  /* The same rule as the catalog: Japanese unless the locale asks for another language. */
  for (guint i = 0; langs[i] != NULL; i++)
    {
      if (g_str_equal (langs[i], "C") || g_str_equal (langs[i], "POSIX"))
        continue;
      if (!g_str_has_prefix (langs[i], "ja") && json_object_has_member (title, "en"))
        return json_object_get_string_member (title, "en");
      break;
    }
  return json_object_get_string_member_with_default (title, "ja", "");
}

static gboolean
finding_refers_to (MamoriFinding *f,
                   const char    *item_id)
{
  const char * const *refs = mamori_finding_get_guideline_refs (f);

  return refs != NULL && g_strv_contains (refs, item_id);
}

/* The worst finding behind a priority item (or an item with the same evidence), so that the
 * row can open it: that is where the exact record to publish is. */
static gboolean
find_finding_for_item (MamoriResultsPage *self,
                       JsonObject        *priority,
                       guint             *index)
{
  const char *item_id = json_object_get_string_member_with_default (priority, "item", "");
  JsonArray *also = NULL;
  int best_rank = -1;

  if (json_object_has_member (priority, "also") &&
      JSON_NODE_HOLDS_ARRAY (json_object_get_member (priority, "also")))
    also = json_object_get_array_member (priority, "also");

  for (guint i = 0; i < self->result->findings->len; i++)
    {
      MamoriFinding *f = g_ptr_array_index (self->result->findings, i);
      int rank = mamori_status_rank (mamori_finding_get_status (f));
      gboolean match = finding_refers_to (f, item_id);

      for (guint j = 0; !match && also != NULL && j < json_array_get_length (also); j++)
        match = finding_refers_to (f, json_array_get_string_element (also, j));
      if (match && rank > best_rank)
        {
          best_rank = rank;
          *index = i;
        }
    }
  return best_rank >= 0;
}

static void
make_row_open_finding (GtkWidget *row,
                       guint      index)
{
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (row), "u", index);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (row), "results.show-finding");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
}

static void
show_priorities_from_scores (MamoriResultsPage *self,
                             JsonObject        *scores)
{
  JsonArray *priorities;

  if (!json_object_has_member (scores, "priorities") ||
      (priorities = json_object_get_array_member (scores, "priorities")) == NULL)
    return;
  for (guint i = 0; i < json_array_get_length (priorities); i++)
    {
      JsonObject *p = json_array_get_object_element (priorities, i);
      const char *item_id = json_object_get_string_member_with_default (p, "item", "");
      const char *doc_id = json_object_get_string_member_with_default (p, "document", "");
      const char *status_str = json_object_get_string_member_with_default (p, "status", "");
      const MamoriCatalogItem *item = NULL;
      const MamoriCatalogDocument *doc = NULL;
      const char *title = item_id;
      const char *doc_title = doc_id;
      MamoriItemStatus status;
      g_autofree char *subtitle = NULL;

      if (self->catalog != NULL)
        {
          item = mamori_catalog_lookup_item (self->catalog, item_id);
          doc = mamori_catalog_lookup_document (self->catalog, doc_id);
        }
      if (item != NULL)
        title = mamori_catalog_item_get_title (item, NULL);
      else if (json_object_has_member (p, "title") &&
               JSON_NODE_HOLDS_OBJECT (json_object_get_member (p, "title")))
        title = json_title (json_object_get_object_member (p, "title"));
      if (doc != NULL)
        doc_title = mamori_catalog_document_get_title (doc, NULL);

      if (mamori_item_status_from_string (status_str, &status))
        /* Translators: below a "what to do first" item: "<status> · <guideline title>" */
        subtitle = g_strdup_printf (_("%s · %s"), mamori_item_status_to_label (status), doc_title);
      else
        subtitle = g_strdup (doc_title);
      {
        GtkWidget *row = add_priority_row (self, title, subtitle);
        guint index;

        if (find_finding_for_item (self, p, &index))
          make_row_open_finding (row, index);
      }
    }
}

static int
compare_urgency (gconstpointer a,
                 gconstpointer b)
{
  MamoriFinding *fa = *(MamoriFinding **) a;
  MamoriFinding *fb = *(MamoriFinding **) b;
  int ra = mamori_status_rank (mamori_finding_get_status (fa));
  int rb = mamori_status_rank (mamori_finding_get_status (fb));

  if (ra != rb)
    return rb - ra;
  return (int) mamori_finding_get_severity (fb) - (int) mamori_finding_get_severity (fa);
}

static void
show_priorities_from_findings (MamoriResultsPage *self)
{
  g_autoptr(GPtrArray) urgent = g_ptr_array_new ();

  /* Without a catalog there are no scored items: list the worst findings instead. */
  for (guint i = 0; i < self->result->findings->len; i++)
    {
      MamoriFinding *f = g_ptr_array_index (self->result->findings, i);
      MamoriStatus status = mamori_finding_get_status (f);

      if (status == MAMORI_STATUS_FAIL || status == MAMORI_STATUS_WARN)
        g_ptr_array_add (urgent, f);
    }
  g_ptr_array_sort (urgent, compare_urgency);
  for (guint i = 0; i < MIN (urgent->len, MAX_FALLBACK_PRIORITIES); i++)
    {
      MamoriFinding *f = g_ptr_array_index (urgent, i);
      g_autofree char *remediation = mamori_finding_render_remediation (f);
      g_autofree char *message = mamori_finding_render_message (f);
      GtkWidget *row;
      guint index;

      row = add_priority_row (self, check_title (self, mamori_finding_get_check_id (f)),
                              remediation != NULL && *remediation != '\0' ? remediation : message);
      if (g_ptr_array_find (self->result->findings, f, &index))
        make_row_open_finding (row, index);
    }
}

static void
show_scores (MamoriResultsPage *self)
{
  JsonObject *scores = NULL;
  JsonNode *overall;
  MamoriScoreChart *chart = MAMORI_SCORE_CHART (self->chart);
  double overall_value = -1;
  guint n_unscored = 0;

  if (self->result->scores != NULL && JSON_NODE_HOLDS_OBJECT (self->result->scores))
    scores = json_node_get_object (self->result->scores);

  gtk_widget_set_visible (self->score_box, scores != NULL);
  if (scores == NULL)
    {
      show_priorities_from_findings (self);
      return;
    }

  overall = json_object_get_member (scores, "overall");
  if (overall != NULL && JSON_NODE_HOLDS_VALUE (overall))
    overall_value = json_node_get_double (overall);
  if (overall_value >= 0)
    {
      g_autofree char *text = g_strdup_printf ("%.0f", overall_value);

      gtk_label_set_text (GTK_LABEL (self->overall_label), text);
      gtk_label_set_text (GTK_LABEL (self->overall_caption),
                          _("points out of 100, across the guidelines that apply to your "
                            "organisation"));
    }
  else
    {
      gtk_label_set_text (GTK_LABEL (self->overall_label), "—");
      gtk_label_set_text (GTK_LABEL (self->overall_caption),
                          _("Not enough could be decided for a score yet. Answer the "
                            "questions to complete it."));
    }
  mamori_score_chart_add (chart, _("Overall"), overall_value);

  if (json_object_has_member (scores, "documents") &&
      JSON_NODE_HOLDS_OBJECT (json_object_get_member (scores, "documents")))
    {
      JsonObject *docs = json_object_get_object_member (scores, "documents");
      g_autoptr(GList) ids = json_object_get_members (docs);

      for (GList *l = ids; l != NULL; l = l->next)
        {
          JsonObject *doc = json_object_get_object_member (docs, l->data);
          JsonNode *score = doc != NULL ? json_object_get_member (doc, "score") : NULL;
          const MamoriCatalogDocument *d = NULL;

          /* A guideline with nothing decided yet is counted below, not drawn as an empty
           * bar: a row of blanks reads like a row of zeros. */
          if (score == NULL || !JSON_NODE_HOLDS_VALUE (score))
            {
              n_unscored++;
              continue;
            }
          if (self->catalog != NULL)
            d = mamori_catalog_lookup_document (self->catalog, l->data);
          mamori_score_chart_add (chart, d != NULL ? mamori_catalog_document_get_title (d, NULL)
                                                   : (const char *) l->data,
                                  json_node_get_double (score));
        }
    }
  self->n_unscored = n_unscored;
  show_priorities_from_scores (self, scores);
}

static void
show_findings (MamoriResultsPage *self)
{
  AdwPreferencesGroup *groups[N_FAMILIES] = { NULL, };
  /* Badges of one width, so that the finding texts line up. */
  g_autoptr(GtkSizeGroup) badges = gtk_size_group_new (GTK_SIZE_GROUP_HORIZONTAL);

  for (guint i = 0; i < self->result->findings->len; i++)
    {
      MamoriFinding *f = g_ptr_array_index (self->result->findings, i);
      const MamoriCheckDescriptor *d = NULL;
      MamoriCheckFamily family = MAMORI_FAMILY_DOMAIN;
      g_autofree char *message = mamori_finding_render_message (f);
      g_autofree char *subject = mamori_domain_name_to_unicode (mamori_finding_get_subject (f));
      g_autofree char *title = NULL;
      GtkWidget *row;

      if (self->registry != NULL)
        d = mamori_check_registry_lookup (self->registry, mamori_finding_get_check_id (f));
      if (d != NULL)
        {
          family = d->family;
        }
      else
        {
          /* A stored run of a check this build does not have: its id says the family. */
          g_autofree char *prefix = g_strdup (mamori_finding_get_check_id (f));
          char *dot = strchr (prefix, '.');

          if (dot != NULL)
            *dot = '\0';
          if (!mamori_check_family_from_string (prefix, &family))
            family = MAMORI_FAMILY_DOMAIN;
        }
      if (groups[family] == NULL)
        groups[family] = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());

      /* Translators: a finding's row title: "<check title> — <domain>" */
      title = g_strdup_printf (_("%s — %s"), check_title (self, mamori_finding_get_check_id (f)),
                               subject);
      row = adw_action_row_new ();
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), message != NULL ? message : "");
      {
        GtkWidget *badge = mamori_status_badge_new (mamori_finding_get_status (f));

        gtk_size_group_add_widget (badges, badge);
        adw_action_row_add_prefix (ADW_ACTION_ROW (row), badge);
      }
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      gtk_actionable_set_action_target (GTK_ACTIONABLE (row), "u", i);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (row), "results.show-finding");
      adw_preferences_group_add (groups[family], row);
      g_ptr_array_add (self->finding_rows, row);
    }

  for (guint f = 0; f < N_FAMILIES; f++)
    {
      if (groups[f] == NULL)
        continue;
      adw_preferences_group_set_title (groups[f], mamori_check_family_to_label (f));
      gtk_box_append (GTK_BOX (self->families_box), GTK_WIDGET (groups[f]));
      g_ptr_array_add (self->family_groups, groups[f]);
    }
}

static void
mamori_results_page_dispose (GObject *object)
{
  MamoriResultsPage *self = MAMORI_RESULTS_PAGE (object);

  g_clear_object (&self->registry);
  g_clear_pointer (&self->catalog, mamori_catalog_unref);
  g_clear_pointer (&self->result, mamori_run_result_unref);
  G_OBJECT_CLASS (mamori_results_page_parent_class)->dispose (object);
}

static void
mamori_results_page_finalize (GObject *object)
{
  MamoriResultsPage *self = MAMORI_RESULTS_PAGE (object);

  g_clear_pointer (&self->priority_rows, g_ptr_array_unref);
  g_clear_pointer (&self->finding_rows, g_ptr_array_unref);
  g_clear_pointer (&self->family_groups, g_ptr_array_unref);
  G_OBJECT_CLASS (mamori_results_page_parent_class)->finalize (object);
}

static void
mamori_results_page_class_init (MamoriResultsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mamori_results_page_dispose;
  object_class->finalize = mamori_results_page_finalize;

  g_type_ensure (MAMORI_TYPE_SCORE_CHART);
  g_type_ensure (MAMORI_TYPE_FINDING_DETAIL);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/mamori_jp/Mamori/mamori-results-page.ui");
  gtk_widget_class_bind_template_child (widget_class, MamoriResultsPage, stack);
  gtk_widget_class_bind_template_child (widget_class, MamoriResultsPage, list_scroller);
  gtk_widget_class_bind_template_child (widget_class, MamoriResultsPage, score_box);
  gtk_widget_class_bind_template_child (widget_class, MamoriResultsPage, overall_label);
  gtk_widget_class_bind_template_child (widget_class, MamoriResultsPage, overall_caption);
  gtk_widget_class_bind_template_child (widget_class, MamoriResultsPage, chart);
  gtk_widget_class_bind_template_child (widget_class, MamoriResultsPage, summary_label);
  gtk_widget_class_bind_template_child (widget_class, MamoriResultsPage, priorities_group);
  gtk_widget_class_bind_template_child (widget_class, MamoriResultsPage, families_box);
  gtk_widget_class_bind_template_child (widget_class, MamoriResultsPage, detail);

  gtk_widget_class_install_action (widget_class, "results.show-finding", "u", show_finding_action);
  gtk_widget_class_install_action (widget_class, "results.back", NULL, back_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK,
                                       "results.back", NULL);
}

static void
mamori_results_page_init (MamoriResultsPage *self)
{
  self->priority_rows = g_ptr_array_new ();
  self->finding_rows = g_ptr_array_new ();
  self->family_groups = g_ptr_array_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_stack_set_visible_child_name (GTK_STACK (self->stack), "empty");
}

GtkWidget *
mamori_results_page_new (void)
{
  return g_object_new (MAMORI_TYPE_RESULTS_PAGE, NULL);
}

void
mamori_results_page_set_result (MamoriResultsPage   *self,
                                MamoriCheckRegistry *registry,
                                MamoriCatalog       *catalog,
                                MamoriRunResult     *result)
{
  guint counts[6];
  g_autofree char *summary = NULL;

  g_return_if_fail (MAMORI_IS_RESULTS_PAGE (self));

  g_set_object (&self->registry, registry);
  g_clear_pointer (&self->catalog, mamori_catalog_unref);
  if (catalog != NULL)
    self->catalog = mamori_catalog_ref (catalog);
  g_clear_pointer (&self->result, mamori_run_result_unref);
  self->n_unscored = 0;
  clear_list (self);

  if (result == NULL)
    {
      gtk_stack_set_visible_child_name (GTK_STACK (self->stack), "empty");
      return;
    }
  self->result = mamori_run_result_ref (result);

  show_scores (self);
  gtk_widget_set_visible (self->priorities_group, self->priority_rows->len > 0);

  mamori_run_result_count (result, counts);
  /* Translators: the counts of a run's findings by status */
  summary = g_strdup_printf (_("%u passed, %u warnings, %u failed, %u could not be checked."),
                             counts[MAMORI_STATUS_PASS], counts[MAMORI_STATUS_WARN],
                             counts[MAMORI_STATUS_FAIL], counts[MAMORI_STATUS_ERROR]);
  if (self->n_unscored > 0)
    {
      g_autofree char *note =
        g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                      "%u more guideline has no score yet: answering the "
                                      "questions completes it.",
                                      "%u more guidelines have no score yet: answering the "
                                      "questions completes them.", self->n_unscored),
                         self->n_unscored);
      g_autofree char *with_note = g_strconcat (summary, " ", note, NULL);

      g_free (summary);
      summary = g_steal_pointer (&with_note);
    }
  if (result->scores == NULL)
    {
      g_autofree char *with_note =
        g_strconcat (summary, " ",
                     _("No score yet: the guideline catalogs are not installed."), NULL);

      g_free (summary);
      summary = g_steal_pointer (&with_note);
    }
  gtk_label_set_text (GTK_LABEL (self->summary_label), summary);

  show_findings (self);
  gtk_stack_set_visible_child_name (GTK_STACK (self->stack), "list");
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (self->list_scroller)), 0);
}

MamoriRunResult *
mamori_results_page_get_result (MamoriResultsPage *self)
{
  g_return_val_if_fail (MAMORI_IS_RESULTS_PAGE (self), NULL);
  return self->result;
}

const char *
mamori_results_page_get_visible_view (MamoriResultsPage *self)
{
  g_return_val_if_fail (MAMORI_IS_RESULTS_PAGE (self), NULL);
  return gtk_stack_get_visible_child_name (GTK_STACK (self->stack));
}

GtkWidget *
mamori_results_page_get_chart (MamoriResultsPage *self)
{
  g_return_val_if_fail (MAMORI_IS_RESULTS_PAGE (self), NULL);
  return self->chart;
}

GtkWidget *
mamori_results_page_get_detail (MamoriResultsPage *self)
{
  g_return_val_if_fail (MAMORI_IS_RESULTS_PAGE (self), NULL);
  return self->detail;
}

GtkWidget *
mamori_results_page_get_priority_row (MamoriResultsPage *self,
                                      guint              n)
{
  g_return_val_if_fail (MAMORI_IS_RESULTS_PAGE (self), NULL);
  return n < self->priority_rows->len ? g_ptr_array_index (self->priority_rows, n) : NULL;
}

guint
mamori_results_page_get_n_priorities (MamoriResultsPage *self)
{
  g_return_val_if_fail (MAMORI_IS_RESULTS_PAGE (self), 0);
  return self->priority_rows->len;
}

const char *
mamori_results_page_get_overall_text (MamoriResultsPage *self)
{
  g_return_val_if_fail (MAMORI_IS_RESULTS_PAGE (self), NULL);
  return gtk_label_get_text (GTK_LABEL (self->overall_label));
}

GPtrArray *
mamori_results_page_get_finding_rows (MamoriResultsPage *self)
{
  g_return_val_if_fail (MAMORI_IS_RESULTS_PAGE (self), NULL);
  return self->finding_rows;
}

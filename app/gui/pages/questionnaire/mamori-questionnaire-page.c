/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "mamori-questionnaire-page.h"

typedef struct {
  char         *question_id;
  GtkWidget    *row;
  GtkWidget    *dropdown;
  MamoriAnswer  answers[MAMORI_ANSWER_LAST + 1];   /* combo position → answer; 0 = none */
  guint         n_answers;
} QuestionRow;

struct _MamoriQuestionnairePage
{
  AdwBin         parent_instance;

  /* What to show; the rows are built when the page is first shown (a hundred drop-downs
   * cost more than half a second, which the first window must not wait for). */
  MamoriCatalog *catalog;
  MamoriOrgKind  kind;
  gboolean       built;

  GHashTable   *answers;
  GPtrArray    *rows;     /* QuestionRow* */
  GPtrArray    *groups;   /* AdwPreferencesGroup in groups_box */

  GtkWidget    *stack;
  GtkWidget    *groups_box;
};

G_DEFINE_FINAL_TYPE (MamoriQuestionnairePage, mamori_questionnaire_page, ADW_TYPE_BIN)

enum {
  ANSWERED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
question_row_free (gpointer data)
{
  QuestionRow *qr = data;

  g_free (qr->question_id);
  g_free (qr);
}

static void
selected_cb (GtkDropDown             *dropdown,
             GParamSpec              *pspec,
             MamoriQuestionnairePage *self)
{
  QuestionRow *qr = g_object_get_data (G_OBJECT (dropdown), "mamori-question-row");
  guint pos = gtk_drop_down_get_selected (dropdown);
  MamoriAnswer answer;

  if (qr == NULL || pos >= qr->n_answers || self->answers == NULL)
    return;
  answer = qr->answers[pos];
  if (answer == 0 || mamori_answers_get (self->answers, qr->question_id) == answer)
    return;
  mamori_answers_set (self->answers, qr->question_id, answer);
  /* The window saves it to the store at once ("answers saved as you go"). */
  g_signal_emit (self, signals[ANSWERED], 0, qr->question_id, mamori_answer_to_string (answer));
}

static void
clear (MamoriQuestionnairePage *self)
{
  for (guint i = 0; i < self->groups->len; i++)
    gtk_box_remove (GTK_BOX (self->groups_box), g_ptr_array_index (self->groups, i));
  g_ptr_array_set_size (self->groups, 0);
  g_ptr_array_set_size (self->rows, 0);
  g_clear_pointer (&self->answers, g_hash_table_unref);
}

static void build (MamoriQuestionnairePage *self);

static void
mamori_questionnaire_page_map (GtkWidget *widget)
{
  build (MAMORI_QUESTIONNAIRE_PAGE (widget));
  GTK_WIDGET_CLASS (mamori_questionnaire_page_parent_class)->map (widget);
}

static void
mamori_questionnaire_page_dispose (GObject *object)
{
  MamoriQuestionnairePage *self = MAMORI_QUESTIONNAIRE_PAGE (object);

  g_clear_pointer (&self->catalog, mamori_catalog_unref);
  g_clear_pointer (&self->answers, g_hash_table_unref);
  G_OBJECT_CLASS (mamori_questionnaire_page_parent_class)->dispose (object);
}

static void
mamori_questionnaire_page_finalize (GObject *object)
{
  MamoriQuestionnairePage *self = MAMORI_QUESTIONNAIRE_PAGE (object);

  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_pointer (&self->groups, g_ptr_array_unref);
  G_OBJECT_CLASS (mamori_questionnaire_page_parent_class)->finalize (object);
}

static void
mamori_questionnaire_page_class_init (MamoriQuestionnairePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mamori_questionnaire_page_dispose;
  object_class->finalize = mamori_questionnaire_page_finalize;
  widget_class->map = mamori_questionnaire_page_map;

  /**
   * MamoriQuestionnairePage::answered:
   * @question_id: the question
   * @answer: "yes", "partly", "no", "not_applicable" or "unknown"
   */
  signals[ANSWERED] = g_signal_new ("answered", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL, G_TYPE_NONE, 2,
                                    G_TYPE_STRING, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/mamori_jp/Mamori/mamori-questionnaire-page.ui");
  gtk_widget_class_bind_template_child (widget_class, MamoriQuestionnairePage, stack);
  gtk_widget_class_bind_template_child (widget_class, MamoriQuestionnairePage, groups_box);
}

static void
mamori_questionnaire_page_init (MamoriQuestionnairePage *self)
{
  self->rows = g_ptr_array_new_with_free_func (question_row_free);
  self->groups = g_ptr_array_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_stack_set_visible_child_name (GTK_STACK (self->stack), "empty");
}

GtkWidget *
mamori_questionnaire_page_new (void)
{
  return g_object_new (MAMORI_TYPE_QUESTIONNAIRE_PAGE, NULL);
}

void
mamori_questionnaire_page_set_questions (MamoriQuestionnairePage *self,
                                         MamoriCatalog           *catalog,
                                         MamoriOrgKind            kind,
                                         GHashTable              *answers)
{
  g_return_if_fail (MAMORI_IS_QUESTIONNAIRE_PAGE (self));

  clear (self);
  g_clear_pointer (&self->catalog, mamori_catalog_unref);
  self->built = FALSE;
  if (catalog == NULL || answers == NULL)
    {
      gtk_stack_set_visible_child_name (GTK_STACK (self->stack), "empty");
      return;
    }
  self->catalog = mamori_catalog_ref (catalog);
  self->kind = kind;
  self->answers = g_hash_table_ref (answers);
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    build (self);
}

static void
build (MamoriQuestionnairePage *self)
{
  g_autoptr(GHashTable) groups = NULL;
  GHashTable *answers = self->answers;
  GPtrArray *questions;

  if (self->built || self->catalog == NULL || answers == NULL)
    return;
  self->built = TRUE;

  groups = g_hash_table_new (g_str_hash, g_str_equal);
  questions = mamori_catalog_list_questions (self->catalog, self->kind);
  for (guint i = 0; questions != NULL && i < questions->len; i++)
    {
      const MamoriQuestion *q = g_ptr_array_index (questions, i);
      const char *area = mamori_question_get_area (q);
      AdwPreferencesGroup *group = g_hash_table_lookup (groups, area);
      g_autoptr(GtkStringList) model = gtk_string_list_new (NULL);
      QuestionRow *qr = g_new0 (QuestionRow, 1);
      MamoriAnswer current = mamori_answers_get (answers, mamori_question_get_id (q));
      guint selected = 0;

      if (group == NULL)
        {
          /* Areas are the middle part of "q.<area>.<topic>": a short heading in English
           * data ("backup", "router"); the groups keep the catalog's order. */
          group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
          g_hash_table_insert (groups, (gpointer) area, group);
          gtk_box_append (GTK_BOX (self->groups_box), GTK_WIDGET (group));
          g_ptr_array_add (self->groups, group);
        }

      qr->question_id = g_strdup (mamori_question_get_id (q));
      gtk_string_list_append (model, _("Not answered"));
      qr->answers[qr->n_answers++] = 0;
      for (MamoriAnswer a = MAMORI_ANSWER_FIRST; a <= MAMORI_ANSWER_LAST; a++)
        {
          if (!mamori_question_allows_answer (q, a))
            continue;
          if (a == current)
            selected = qr->n_answers;
          gtk_string_list_append (model, mamori_answer_to_label (a));
          qr->answers[qr->n_answers++] = a;
        }

      /* A drop-down with a fixed width rather than an AdwComboRow: with long questions the
       * combo row squeezes the chosen answer down to "…". */
      qr->row = adw_action_row_new ();
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (qr->row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (qr->row), mamori_question_get_text (q, NULL));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (qr->row), mamori_question_get_why (q, NULL));
      qr->dropdown = gtk_drop_down_new (G_LIST_MODEL (g_object_ref (model)), NULL);
      gtk_widget_set_valign (qr->dropdown, GTK_ALIGN_CENTER);
      gtk_widget_set_size_request (qr->dropdown, 150, -1);
      gtk_drop_down_set_selected (GTK_DROP_DOWN (qr->dropdown), selected);
      gtk_accessible_update_property (GTK_ACCESSIBLE (qr->dropdown),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, mamori_question_get_text (q, NULL),
                                      -1);
      adw_action_row_add_suffix (ADW_ACTION_ROW (qr->row), qr->dropdown);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (qr->row), qr->dropdown);
      g_object_set_data (G_OBJECT (qr->dropdown), "mamori-question-row", qr);
      g_signal_connect_object (qr->dropdown, "notify::selected", G_CALLBACK (selected_cb), self, 0);
      adw_preferences_group_add (group, qr->row);
      g_ptr_array_add (self->rows, qr);
    }

  gtk_stack_set_visible_child_name (GTK_STACK (self->stack),
                                    self->rows->len > 0 ? "questions" : "empty");
}

guint
mamori_questionnaire_page_get_n_questions (MamoriQuestionnairePage *self)
{
  g_return_val_if_fail (MAMORI_IS_QUESTIONNAIRE_PAGE (self), 0);
  build (self);
  return self->rows->len;
}

const char *
mamori_questionnaire_page_get_question_id (MamoriQuestionnairePage *self,
                                           guint                    n)
{
  g_return_val_if_fail (MAMORI_IS_QUESTIONNAIRE_PAGE (self), NULL);

  build (self);
  if (n >= self->rows->len)
    return NULL;
  return ((QuestionRow *) g_ptr_array_index (self->rows, n))->question_id;
}

gboolean
mamori_questionnaire_page_answer (MamoriQuestionnairePage *self,
                                  const char              *question_id,
                                  MamoriAnswer             answer)
{
  g_return_val_if_fail (MAMORI_IS_QUESTIONNAIRE_PAGE (self), FALSE);

  build (self);
  for (guint i = 0; i < self->rows->len; i++)
    {
      QuestionRow *qr = g_ptr_array_index (self->rows, i);

      if (!g_str_equal (qr->question_id, question_id))
        continue;
      for (guint pos = 1; pos < qr->n_answers; pos++)
        {
          if (qr->answers[pos] == answer)
            {
              gtk_drop_down_set_selected (GTK_DROP_DOWN (qr->dropdown), pos);
              return TRUE;
            }
        }
      return FALSE;
    }
  return FALSE;
}

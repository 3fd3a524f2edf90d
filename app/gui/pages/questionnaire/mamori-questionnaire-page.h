/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The questions software cannot answer (rules, training, backups …), answered as you go. */
#pragma once

#include <adwaita.h>

#include "mamori-catalog.h"

G_BEGIN_DECLS

#define MAMORI_TYPE_QUESTIONNAIRE_PAGE (mamori_questionnaire_page_get_type ())

G_DECLARE_FINAL_TYPE (MamoriQuestionnairePage, mamori_questionnaire_page, MAMORI, QUESTIONNAIRE_PAGE, AdwBin)

GtkWidget  *mamori_questionnaire_page_new           (void);
/* catalog NULL shows why there are no questions. answers: question id → MamoriAnswer
 * (mamori_answers_new()); the page keeps a reference and updates it as the user answers. */
void        mamori_questionnaire_page_set_questions (MamoriQuestionnairePage *self,
                                                     MamoriCatalog           *catalog,
                                                     MamoriOrgKind            kind,
                                                     GHashTable              *answers);
guint       mamori_questionnaire_page_get_n_questions (MamoriQuestionnairePage *self);
/* The id of the n-th question shown, or NULL. */
const char *mamori_questionnaire_page_get_question_id (MamoriQuestionnairePage *self,
                                                       guint                    n);
/* Answers as the user would (selects the answer in the question's row). FALSE when the
 * question is not shown or does not offer that answer. */
gboolean    mamori_questionnaire_page_answer        (MamoriQuestionnairePage *self,
                                                     const char              *question_id,
                                                     MamoriAnswer             answer);

G_END_DECLS

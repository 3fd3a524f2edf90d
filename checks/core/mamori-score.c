/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "mamori-catalog-private.h"
#include "mamori-error.h"
#include "mamori-score.h"

/* What one kind of evidence (the checks, or the questions) of an item says. */
typedef enum {
  PART_NONE,          /* the item names no evidence of this kind */
  PART_NOT_APPLICABLE,
  PART_UNDECIDED,
  PART_SCORED,
} PartState;

typedef struct {
  PartState state;
  double    score;
} Part;

typedef struct {
  const MamoriCatalogItem *item;
  MamoriItemStatus         status;
  double                   score;    /* 0–1 when decided */
  GPtrArray               *also;     /* priorities only: other item ids with the same evidence */
} ItemResult;

typedef struct {
  guint  decided;
  guint  undecided;
  double weighted;
  double weights;
} Tally;

typedef struct {
  const MamoriCatalogDocument *document;
  GPtrArray                   *items;     /* ItemResult*, borrowed from the score */
  Tally                        tally;
  gboolean                     has_native;
  gint64                       native_points;
  gint64                       native_max;
  guint                        native_unanswered;
  gint64                       native_band;      /* threshold reached, or G_MININT64 */
} DocumentResult;

struct _MamoriScore
{
  gatomicrefcount  ref_count;
  MamoriCatalog   *catalog;
  MamoriOrgKind    kind;
  GPtrArray       *items;       /* ItemResult*, owned */
  GHashTable      *items_by_id; /* borrowed */
  GPtrArray       *documents;   /* DocumentResult*, owned */
  GPtrArray       *families;    /* family names present, borrowed, in first-seen order */
  GHashTable      *family_tallies;  /* family → Tally* */
  Tally            overall;
  GPtrArray       *priorities;  /* ItemResult*, borrowed */
  GStrv            undecided;
};

G_DEFINE_BOXED_TYPE (MamoriScore, mamori_score, mamori_score_ref, mamori_score_unref)

static const char *item_status_names[] = {
  [MAMORI_ITEM_STATUS_PASS] = "pass",
  [MAMORI_ITEM_STATUS_PARTIAL] = "partial",
  [MAMORI_ITEM_STATUS_FAIL] = "fail",
  [MAMORI_ITEM_STATUS_UNDECIDED] = "undecided",
  [MAMORI_ITEM_STATUS_EXCLUDED] = "excluded",
};

static const char *item_status_labels[] = {
  /* Translators: how far a guideline item is met */
  [MAMORI_ITEM_STATUS_PASS] = N_("Met"),
  [MAMORI_ITEM_STATUS_PARTIAL] = N_("Partly met"),
  [MAMORI_ITEM_STATUS_FAIL] = N_("Not met"),
  [MAMORI_ITEM_STATUS_UNDECIDED] = N_("Not yet decided"),
  [MAMORI_ITEM_STATUS_EXCLUDED] = N_("Does not apply"),
};

const char *
mamori_item_status_to_string (MamoriItemStatus status)
{
  g_return_val_if_fail (status <= MAMORI_ITEM_STATUS_EXCLUDED, "undecided");
  return item_status_names[status];
}

gboolean
mamori_item_status_from_string (const char       *str,
                                MamoriItemStatus *status)
{
  for (guint i = 0; i < G_N_ELEMENTS (item_status_names); i++)
    {
      if (g_strcmp0 (str, item_status_names[i]) == 0)
        {
          *status = (MamoriItemStatus) i;
          return TRUE;
        }
    }
  return FALSE;
}

const char *
mamori_item_status_to_label (MamoriItemStatus status)
{
  g_return_val_if_fail (status <= MAMORI_ITEM_STATUS_EXCLUDED, "");
  return g_dgettext (GETTEXT_PACKAGE, item_status_labels[status]);
}

/* ---- native scoring (IPA's 4/2/0/−1 sheet) -------------------------------------------- */

gboolean
mamori_native_scoring_parse (JsonNode    *node,
                             JsonNode   **out,
                             const char  *file,
                             const char  *where,
                             GError     **error)
{
  JsonObject *obj, *native, *answers;
  JsonObjectIter iter;
  const char *name;
  JsonNode *value;

  if (!JSON_NODE_HOLDS_OBJECT (node) ||
      !json_object_has_member ((obj = json_node_get_object (node)), "native") ||
      json_object_get_size (obj) != 1 ||
      !JSON_NODE_HOLDS_OBJECT (json_object_get_member (obj, "native")))
    goto bad;
  native = json_object_get_object_member (obj, "native");
  if (!json_object_has_member (native, "answers") ||
      !JSON_NODE_HOLDS_OBJECT (json_object_get_member (native, "answers")))
    goto bad;
  answers = json_object_get_object_member (native, "answers");
  json_object_iter_init (&iter, answers);
  while (json_object_iter_next (&iter, &name, &value))
    {
      MamoriAnswer answer;

      if (!mamori_answer_from_string (name, &answer) || !JSON_NODE_HOLDS_VALUE (value) ||
          json_node_get_value_type (value) != G_TYPE_INT64 ||
          json_node_get_int (value) < -100 || json_node_get_int (value) > 100)
        goto bad;
    }
  if (!json_object_has_member (answers, "yes"))
    goto bad;
  json_object_iter_init (&iter, native);
  while (json_object_iter_next (&iter, &name, &value))
    {
      if (!g_str_equal (name, "answers") && !g_str_equal (name, "bands"))
        goto bad;
    }
  if (json_object_has_member (native, "bands"))
    {
      JsonNode *bands = json_object_get_member (native, "bands");
      gint64 previous = G_MAXINT64;

      if (!JSON_NODE_HOLDS_ARRAY (bands) || json_array_get_length (json_node_get_array (bands)) == 0 ||
          json_array_get_length (json_node_get_array (bands)) > 10)
        goto bad;
      /* Thresholds from the best band down, as IPA prints them: 100, 70, 50, 0. */
      for (guint i = 0; i < json_array_get_length (json_node_get_array (bands)); i++)
        {
          JsonNode *band = json_array_get_element (json_node_get_array (bands), i);

          if (!JSON_NODE_HOLDS_VALUE (band) || json_node_get_value_type (band) != G_TYPE_INT64 ||
              json_node_get_int (band) >= previous)
            goto bad;
          previous = json_node_get_int (band);
        }
    }
  *out = json_node_copy (json_object_get_member (obj, "native"));
  return TRUE;

bad:
  g_set_error (error, MAMORI_ERROR, MAMORI_ERROR_DATA, "%s: %s: %s", file, where,
               _("“scoring” must be {\"native\": {\"answers\": {answer: points}}}"));
  return FALSE;
}

static void
native_score (DocumentResult *dr,
              MamoriOrgKind   kind,
              GHashTable     *answers)
{
  JsonObject *points = json_object_get_object_member (json_node_get_object (dr->document->native),
                                                      "answers");
  gint64 best = json_object_get_int_member (points, "yes");

  dr->has_native = TRUE;
  for (guint i = 0; i < dr->items->len; i++)
    {
      ItemResult *r = dr->items->pdata[i];
      const char *qid = r->item->questions[0];
      MamoriAnswer answer;

      if (qid == NULL || !mamori_catalog_item_applies_to (r->item, kind))
        continue;
      dr->native_max += best;
      answer = mamori_answers_get (answers, qid);
      if (answer == 0 || !json_object_has_member (points, mamori_answer_to_string (answer)))
        {
          dr->native_unanswered++;
          continue;
        }
      dr->native_points += json_object_get_int_member (points, mamori_answer_to_string (answer));
    }

  /* The band is only meaningful once every question is answered. */
  dr->native_band = G_MININT64;
  if (dr->native_unanswered == 0 &&
      json_object_has_member (json_node_get_object (dr->document->native), "bands"))
    {
      JsonArray *bands = json_object_get_array_member (json_node_get_object (dr->document->native),
                                                       "bands");

      for (guint i = 0; i < json_array_get_length (bands); i++)
        {
          dr->native_band = json_array_get_int_element (bands, i);
          if (dr->native_points >= dr->native_band)
            break;
        }
    }
}

/* ---- items ----------------------------------------------------------------------------- */

static Part
evaluate_check_ref (const char *ref,
                    GPtrArray  *findings)
{
  g_autofree char *check_id = NULL;
  const char *colon = strchr (ref, ':');
  gboolean any = FALSE, fail = FALSE, error = FALSE, warn = FALSE, applicable = FALSE;
  gboolean check_any = FALSE, check_fail = FALSE, check_error = FALSE;

  check_id = colon != NULL ? g_strndup (ref, colon - ref) : g_strdup (ref);
  for (guint i = 0; findings != NULL && i < findings->len; i++)
    {
      MamoriFinding *f = findings->pdata[i];
      MamoriStatus status = mamori_finding_get_status (f);

      if (!g_str_equal (mamori_finding_get_check_id (f), check_id))
        continue;
      check_any = TRUE;
      /* Only the check's gate counts for facets it did not reach: findings without a facet
       * (the runner's "could not check") or about the record itself. */
      if (mamori_finding_get_facet (f) == NULL ||
          g_str_equal (mamori_finding_get_facet (f), "record"))
        {
          check_fail |= status == MAMORI_STATUS_FAIL;
          check_error |= status == MAMORI_STATUS_ERROR;
        }
      if (!mamori_check_ref_matches (ref, check_id, mamori_finding_get_facet (f)))
        continue;
      any = TRUE;
      fail |= status == MAMORI_STATUS_FAIL;
      error |= status == MAMORI_STATUS_ERROR;
      warn |= status == MAMORI_STATUS_WARN;
      applicable |= status != MAMORI_STATUS_NOT_APPLICABLE;
    }

  if (!any)
    {
      /* The check ran but never reached this facet: a missing or broken record (fail),
       * or a check that could not decide (error), stops it before the facet; otherwise the
       * facet does not concern this subject (no "nomail" facet for a domain that sends). */
      if (colon == NULL || !check_any)
        return (Part) { PART_UNDECIDED, 0 };
      if (check_fail)
        return (Part) { PART_SCORED, 0 };
      if (check_error)
        return (Part) { PART_UNDECIDED, 0 };
      return (Part) { PART_NOT_APPLICABLE, 0 };
    }
  if (fail)
    return (Part) { PART_SCORED, 0 };
  if (error)
    return (Part) { PART_UNDECIDED, 0 };
  if (!applicable)
    return (Part) { PART_NOT_APPLICABLE, 0 };
  return (Part) { PART_SCORED, warn ? 0.5 : 1 };
}

/* Several checks: the worst decides, but a fail is a fail even beside an undecided one. */
static Part
evaluate_checks (const MamoriCatalogItem *item,
                 GPtrArray               *findings)
{
  gboolean undecided = FALSE, scored = FALSE;
  double worst = 1;

  if (item->checks[0] == NULL)
    return (Part) { PART_NONE, 0 };
  for (guint i = 0; item->checks[i] != NULL; i++)
    {
      Part p = evaluate_check_ref (item->checks[i], findings);

      if (p.state == PART_SCORED)
        {
          if (p.score == 0)
            return p;
          scored = TRUE;
          worst = MIN (worst, p.score);
        }
      else if (p.state == PART_UNDECIDED)
        undecided = TRUE;
    }
  if (undecided)
    return (Part) { PART_UNDECIDED, 0 };
  if (!scored)
    return (Part) { PART_NOT_APPLICABLE, 0 };
  return (Part) { PART_SCORED, worst };
}

/* Several questions: the mean of the answered ones; one "don't know" leaves it open. */
static Part
evaluate_questions (const MamoriCatalogItem *item,
                    GHashTable              *answers)
{
  guint n = 0;
  double sum = 0;

  if (item->questions[0] == NULL)
    return (Part) { PART_NONE, 0 };
  for (guint i = 0; item->questions[i] != NULL; i++)
    {
      switch (mamori_answers_get (answers, item->questions[i]))
        {
        case MAMORI_ANSWER_YES:
          sum += 1;
          n++;
          break;
        case MAMORI_ANSWER_PARTLY:
          sum += 0.5;
          n++;
          break;
        case MAMORI_ANSWER_NO:
          n++;
          break;
        case MAMORI_ANSWER_NOT_APPLICABLE:
          break;
        case MAMORI_ANSWER_UNKNOWN:
        default:
          return (Part) { PART_UNDECIDED, 0 };
        }
    }
  if (n == 0)
    return (Part) { PART_NOT_APPLICABLE, 0 };
  return (Part) { PART_SCORED, sum / n };
}

static Part
combine_all (Part c,
             Part q)
{
  Part parts[2] = { c, q };
  gboolean undecided = FALSE, scored = FALSE;
  double worst = 1;

  for (guint i = 0; i < 2; i++)
    {
      if (parts[i].state == PART_SCORED && parts[i].score == 0)
        return parts[i];
      undecided |= parts[i].state == PART_UNDECIDED;
      if (parts[i].state == PART_SCORED)
        {
          scored = TRUE;
          worst = MIN (worst, parts[i].score);
        }
    }
  if (undecided)
    return (Part) { PART_UNDECIDED, 0 };
  if (!scored)
    return (Part) { PART_NOT_APPLICABLE, 0 };
  return (Part) { PART_SCORED, worst };
}

static void
evaluate_item (ItemResult    *r,
               MamoriOrgKind  kind,
               GPtrArray     *findings,
               GHashTable    *answers)
{
  Part c, q, result;

  if (!mamori_catalog_item_applies_to (r->item, kind))
    {
      r->status = MAMORI_ITEM_STATUS_EXCLUDED;
      r->score = -1;
      return;
    }
  c = evaluate_checks (r->item, findings);
  q = evaluate_questions (r->item, answers);
  if (r->item->combine == MAMORI_COMBINE_CHECK_FIRST &&
      (c.state == PART_SCORED || c.state == PART_NOT_APPLICABLE))
    result = c;
  else if (r->item->combine == MAMORI_COMBINE_CHECK_FIRST)
    result = q;
  else
    result = combine_all (c, q);

  switch (result.state)
    {
    case PART_SCORED:
      r->score = result.score;
      if (result.score >= 1)
        r->status = MAMORI_ITEM_STATUS_PASS;
      else if (result.score <= 0)
        r->status = MAMORI_ITEM_STATUS_FAIL;
      else
        r->status = MAMORI_ITEM_STATUS_PARTIAL;
      break;
    case PART_UNDECIDED:
      r->status = MAMORI_ITEM_STATUS_UNDECIDED;
      r->score = -1;
      break;
    case PART_NONE:
    case PART_NOT_APPLICABLE:
    default:
      r->status = MAMORI_ITEM_STATUS_EXCLUDED;
      r->score = -1;
      break;
    }
}

static gboolean
is_decided (const ItemResult *r)
{
  return r->status <= MAMORI_ITEM_STATUS_FAIL;
}

static void
tally_add (Tally            *tally,
           const ItemResult *r,
           guint             weight)
{
  if (is_decided (r))
    {
      tally->decided++;
      tally->weights += weight;
      tally->weighted += weight * r->score;
    }
  else if (r->status == MAMORI_ITEM_STATUS_UNDECIDED)
    tally->undecided++;
}

/* A percentage with one decimal, or −1 when nothing was decided. */
static double
tally_percent (const Tally *tally)
{
  if (tally->decided == 0 || tally->weights <= 0)
    return -1;
  return (double) (gint64) (tally->weighted / tally->weights * 1000.0 + 0.5) / 10.0;
}

/* Families and overall count each evidence key once, with the heaviest weight. */
static void
tally_dedup (Tally     *tally,
             GPtrArray *results)
{
  g_autoptr(GHashTable) heaviest = g_hash_table_new (g_str_hash, g_str_equal);
  GHashTableIter iter;
  gpointer value;

  for (guint i = 0; i < results->len; i++)
    {
      ItemResult *r = results->pdata[i];
      ItemResult *seen;

      if (r->status == MAMORI_ITEM_STATUS_EXCLUDED)
        continue;
      seen = g_hash_table_lookup (heaviest, r->item->evidence_key);
      if (seen == NULL || r->item->weight > seen->item->weight)
        g_hash_table_insert (heaviest, r->item->evidence_key, r);
    }
  g_hash_table_iter_init (&iter, heaviest);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    tally_add (tally, value, ((ItemResult *) value)->item->weight);
}

static int
priority_compare (ItemResult **pa,
                  ItemResult **pb)
{
  const MamoriCatalogItem *a = (*pa)->item, *b = (*pb)->item;

  if (a->weight != b->weight)
    return a->weight > b->weight ? -1 : 1;
  if (a->effort != b->effort)
    return a->effort < b->effort ? -1 : 1;
  return strcmp (a->id, b->id);
}

static void
item_result_free (ItemResult *r)
{
  g_clear_pointer (&r->also, g_ptr_array_unref);
  g_free (r);
}

static void
document_result_free (DocumentResult *dr)
{
  g_ptr_array_unref (dr->items);
  g_free (dr);
}

MamoriScore *
mamori_score_compute (MamoriCatalog *catalog,
                      MamoriOrgKind  kind,
                      GPtrArray     *findings,
                      GHashTable    *answers)
{
  MamoriScore *self;
  g_autoptr(GPtrArray) failing = g_ptr_array_new ();
  g_autoptr(GPtrArray) undecided = g_ptr_array_new ();
  g_autoptr(GHashTable) by_key = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) family_items = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                                              (GDestroyNotify) g_ptr_array_unref);
  g_autoptr(GPtrArray) all_items = g_ptr_array_new ();

  g_return_val_if_fail (catalog != NULL && catalog->finished, NULL);

  self = g_new0 (MamoriScore, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->catalog = mamori_catalog_ref (catalog);
  self->kind = kind;
  self->items = g_ptr_array_new_with_free_func ((GDestroyNotify) item_result_free);
  self->items_by_id = g_hash_table_new (g_str_hash, g_str_equal);
  self->documents = g_ptr_array_new_with_free_func ((GDestroyNotify) document_result_free);
  self->families = g_ptr_array_new ();
  self->family_tallies = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  self->priorities = g_ptr_array_new ();

  for (guint i = 0; i < catalog->documents->len; i++)
    {
      const MamoriCatalogDocument *doc = catalog->documents->pdata[i];
      DocumentResult *dr;
      GPtrArray *fam;

      if (!mamori_catalog_document_applies_to (doc, kind))
        continue;
      dr = g_new0 (DocumentResult, 1);
      dr->document = doc;
      dr->items = g_ptr_array_new ();
      g_ptr_array_add (self->documents, dr);
      fam = g_hash_table_lookup (family_items, doc->family);
      if (fam == NULL)
        {
          fam = g_ptr_array_new ();
          g_hash_table_insert (family_items, doc->family, fam);
          g_ptr_array_add (self->families, doc->family);
        }

      for (guint j = 0; j < doc->items->len; j++)
        {
          ItemResult *r = g_new0 (ItemResult, 1);

          r->item = doc->items->pdata[j];
          evaluate_item (r, kind, findings, answers);
          g_ptr_array_add (self->items, r);
          g_hash_table_insert (self->items_by_id, r->item->id, r);
          g_ptr_array_add (dr->items, r);
          g_ptr_array_add (fam, r);
          g_ptr_array_add (all_items, r);
          tally_add (&dr->tally, r, r->item->weight);
          if (r->status == MAMORI_ITEM_STATUS_FAIL || r->status == MAMORI_ITEM_STATUS_PARTIAL)
            g_ptr_array_add (failing, r);
          else if (r->status == MAMORI_ITEM_STATUS_UNDECIDED)
            g_ptr_array_add (undecided, r->item->id);
        }
      if (doc->native != NULL)
        native_score (dr, kind, answers);
    }

  for (guint i = 0; i < self->families->len; i++)
    {
      Tally *tally = g_new0 (Tally, 1);

      tally_dedup (tally, g_hash_table_lookup (family_items, self->families->pdata[i]));
      g_hash_table_insert (self->family_tallies, self->families->pdata[i], tally);
    }
  tally_dedup (&self->overall, all_items);

  /* The first (heaviest, easiest) item of each evidence key stands for the others. */
  g_ptr_array_sort (failing, (GCompareFunc) priority_compare);
  for (guint i = 0; i < failing->len; i++)
    {
      ItemResult *r = failing->pdata[i];
      ItemResult *first = g_hash_table_lookup (by_key, r->item->evidence_key);

      if (first == NULL)
        {
          g_hash_table_insert (by_key, r->item->evidence_key, r);
          r->also = g_ptr_array_new ();
          g_ptr_array_add (self->priorities, r);
        }
      else
        g_ptr_array_add (first->also, r->item->id);
    }

  g_ptr_array_sort (undecided, (GCompareFunc) mamori_strcmp_indirect);
  self->undecided = g_new0 (char *, undecided->len + 1);
  for (guint i = 0; i < undecided->len; i++)
    self->undecided[i] = g_strdup (undecided->pdata[i]);
  return self;
}

MamoriScore *
mamori_score_ref (MamoriScore *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
mamori_score_unref (MamoriScore *self)
{
  g_return_if_fail (self != NULL);
  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;
  g_ptr_array_unref (self->priorities);
  g_ptr_array_unref (self->documents);
  g_hash_table_unref (self->items_by_id);
  g_ptr_array_unref (self->items);
  g_hash_table_unref (self->family_tallies);
  g_ptr_array_unref (self->families);
  g_strfreev (self->undecided);
  mamori_catalog_unref (self->catalog);
  g_free (self);
}

const char *
mamori_score_get_catalog_version (MamoriScore *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return mamori_catalog_get_version (self->catalog);
}

double
mamori_score_get_overall (MamoriScore *self)
{
  g_return_val_if_fail (self != NULL, -1);
  return tally_percent (&self->overall);
}

double
mamori_score_get_family (MamoriScore *self,
                         const char  *family)
{
  Tally *tally;

  g_return_val_if_fail (self != NULL, -1);
  tally = g_hash_table_lookup (self->family_tallies, family);
  return tally != NULL ? tally_percent (tally) : -1;
}

gboolean
mamori_score_get_document (MamoriScore *self,
                           const char  *document_id,
                           double      *score,
                           guint       *n_decided,
                           guint       *n_undecided)
{
  g_return_val_if_fail (self != NULL, FALSE);

  for (guint i = 0; i < self->documents->len; i++)
    {
      DocumentResult *dr = self->documents->pdata[i];

      if (!g_str_equal (dr->document->id, document_id))
        continue;
      if (score != NULL)
        *score = tally_percent (&dr->tally);
      if (n_decided != NULL)
        *n_decided = dr->tally.decided;
      if (n_undecided != NULL)
        *n_undecided = dr->tally.undecided;
      return TRUE;
    }
  return FALSE;
}

MamoriItemStatus
mamori_score_get_item (MamoriScore *self,
                       const char  *item_id,
                       double      *score_out)
{
  ItemResult *r;

  g_return_val_if_fail (self != NULL, MAMORI_ITEM_STATUS_UNDECIDED);
  r = g_hash_table_lookup (self->items_by_id, item_id);
  if (r == NULL)
    {
      if (score_out != NULL)
        *score_out = -1;
      return MAMORI_ITEM_STATUS_EXCLUDED;
    }
  if (score_out != NULL)
    *score_out = r->score;
  return r->status;
}

GPtrArray *
mamori_score_get_priorities (MamoriScore *self)
{
  GPtrArray *out;

  g_return_val_if_fail (self != NULL, NULL);
  out = g_ptr_array_new ();
  for (guint i = 0; i < self->priorities->len; i++)
    g_ptr_array_add (out, (gpointer) ((ItemResult *) self->priorities->pdata[i])->item);
  return out;
}

const char * const *
mamori_score_get_undecided (MamoriScore *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return (const char * const *) self->undecided;
}

/* ---- JSON ------------------------------------------------------------------------------ */

static void
add_percent (JsonBuilder *builder,
             const char  *name,
             double       percent)
{
  json_builder_set_member_name (builder, name);
  if (percent < 0)
    json_builder_add_null_value (builder);
  else
    json_builder_add_double_value (builder, percent);
}

static void
add_tally (JsonBuilder *builder,
           const Tally *tally)
{
  add_percent (builder, "score", tally_percent (tally));
  json_builder_set_member_name (builder, "decided");
  json_builder_add_int_value (builder, tally->decided);
  json_builder_set_member_name (builder, "undecided");
  json_builder_add_int_value (builder, tally->undecided);
}

static void
add_loc_text (JsonBuilder         *builder,
              const char          *name,
              const MamoriLocText *text)
{
  json_builder_set_member_name (builder, name);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "ja");
  json_builder_add_string_value (builder, text->ja);
  json_builder_set_member_name (builder, "en");
  json_builder_add_string_value (builder, text->en != NULL ? text->en : text->ja);
  json_builder_end_object (builder);
}

JsonNode *
mamori_score_to_json (MamoriScore *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (self != NULL, NULL);

  json_builder_begin_object (builder);
  add_percent (builder, "overall", tally_percent (&self->overall));
  json_builder_set_member_name (builder, "catalog_version");
  json_builder_add_string_value (builder, mamori_catalog_get_version (self->catalog));
  json_builder_set_member_name (builder, "org_kind");
  json_builder_add_string_value (builder, mamori_org_kind_to_string (self->kind));

  json_builder_set_member_name (builder, "documents");
  json_builder_begin_object (builder);
  for (guint i = 0; i < self->documents->len; i++)
    {
      DocumentResult *dr = self->documents->pdata[i];

      json_builder_set_member_name (builder, dr->document->id);
      json_builder_begin_object (builder);
      add_tally (builder, &dr->tally);
      if (dr->has_native)
        {
          json_builder_set_member_name (builder, "native");
          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "points");
          json_builder_add_int_value (builder, dr->native_points);
          json_builder_set_member_name (builder, "max");
          json_builder_add_int_value (builder, dr->native_max);
          json_builder_set_member_name (builder, "unanswered");
          json_builder_add_int_value (builder, dr->native_unanswered);
          json_builder_set_member_name (builder, "band");
          if (dr->native_band == G_MININT64)
            json_builder_add_null_value (builder);
          else
            json_builder_add_int_value (builder, dr->native_band);
          json_builder_end_object (builder);
        }
      json_builder_set_member_name (builder, "items");
      json_builder_begin_array (builder);
      for (guint j = 0; j < dr->items->len; j++)
        {
          ItemResult *r = dr->items->pdata[j];

          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "id");
          json_builder_add_string_value (builder, r->item->id);
          json_builder_set_member_name (builder, "status");
          json_builder_add_string_value (builder, mamori_item_status_to_string (r->status));
          json_builder_set_member_name (builder, "score");
          if (is_decided (r))
            json_builder_add_double_value (builder, r->score);
          else
            json_builder_add_null_value (builder);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "families");
  json_builder_begin_object (builder);
  for (guint i = 0; i < self->families->len; i++)
    {
      const char *family = self->families->pdata[i];

      json_builder_set_member_name (builder, family);
      json_builder_begin_object (builder);
      add_tally (builder, g_hash_table_lookup (self->family_tallies, family));
      json_builder_end_object (builder);
    }
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "priorities");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->priorities->len; i++)
    {
      ItemResult *r = self->priorities->pdata[i];

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "item");
      json_builder_add_string_value (builder, r->item->id);
      json_builder_set_member_name (builder, "document");
      json_builder_add_string_value (builder, r->item->document->id);
      add_loc_text (builder, "title", &r->item->title);
      json_builder_set_member_name (builder, "weight");
      json_builder_add_int_value (builder, r->item->weight);
      json_builder_set_member_name (builder, "effort");
      json_builder_add_int_value (builder, r->item->effort);
      json_builder_set_member_name (builder, "status");
      json_builder_add_string_value (builder, mamori_item_status_to_string (r->status));
      json_builder_set_member_name (builder, "also");
      json_builder_begin_array (builder);
      for (guint j = 0; j < r->also->len; j++)
        json_builder_add_string_value (builder, r->also->pdata[j]);
      json_builder_end_array (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "undecided");
  json_builder_begin_array (builder);
  for (guint i = 0; self->undecided[i] != NULL; i++)
    json_builder_add_string_value (builder, self->undecided[i]);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

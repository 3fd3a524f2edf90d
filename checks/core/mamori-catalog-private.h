/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The catalog's insides, shared by the loader, the questions and the scoring code. */
#pragma once

#include "mamori-catalog.h"

G_BEGIN_DECLS

typedef struct {
  char *ja;
  char *en;
} MamoriLocText;

struct _MamoriQuestion
{
  char          *id;
  char          *area;
  char          *file;
  MamoriLocText  text;
  MamoriLocText  why;
  guint          applies_to;      /* 1 << MamoriOrgKind */
  guint          answers_mask;    /* 1 << MamoriAnswer */
  GPtrArray     *item_ids;        /* borrowed item ids, sorted, NULL-terminated after finish */
  GStrv          declared_items;  /* "items" as written in the file, or NULL */
};

struct _MamoriCatalogItem
{
  char                  *id;
  MamoriCatalogDocument *document;
  MamoriLocText          title;
  char                  *priority;
  guint                  weight;
  guint                  effort;
  guint                  applies_to;
  gboolean               planned;
  GStrv                  checks;
  GStrv                  questions;
  MamoriEvidenceCombine  combine;
  char                  *evidence_key;
};

struct _MamoriCatalogDocument
{
  char          *id;
  char          *file;
  MamoriLocText  title;
  MamoriLocText  edition_note;
  char          *publisher;
  char          *version;
  char          *date;
  char          *url;
  char          *family;
  guint          applies_to;
  JsonNode      *native;          /* the document's own scoring ("scoring.native"), or NULL */
  GPtrArray     *items;           /* MamoriCatalogItem*, owned */
};

struct _MamoriCatalog
{
  gatomicrefcount  ref_count;
  gboolean         finished;
  gboolean         broken;           /* a file failed to load: finish refuses */
  GPtrArray       *documents;        /* owned, in load order */
  GPtrArray       *questions;        /* owned, in load order */
  GHashTable      *documents_by_id;  /* borrowed */
  GHashTable      *items_by_id;
  GHashTable      *questions_by_id;
  GPtrArray       *file_hashes;      /* "name sha256" per loaded file */
  char            *version;
};

const char *mamori_loc_text_pick        (const MamoriLocText *text,
                                         const char          *lang);
int         mamori_strcmp_indirect      (const char         **a,
                                         const char         **b);
gboolean    mamori_check_ref_matches    (const char          *ref,
                                         const char          *check_id,
                                         const char          *facet);
gboolean    mamori_native_scoring_parse (JsonNode            *node,
                                         JsonNode           **out,
                                         const char          *file,
                                         const char          *where,
                                         GError             **error);

G_END_DECLS

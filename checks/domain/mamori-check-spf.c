/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * domain.spf: is an SPF record published for the domain (RFC 7208), is it valid down the
 * whole include/redirect tree, does it stay within the DNS lookup limits, and does it end
 * in a policy that refuses strangers. Facets: record, syntax, include, redirect, loop,
 * lookups, void, all, ptr, nomail.
 *
 * The tree is walked level by level: all includes of one level are asked for at once with
 * mamori_dns_prefetch, so a wide tree costs one round trip per level, not per include.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "mamori-autocleanups.h"
#include "mamori-check.h"
#include "mamori-message.h"
#include "mamori-dns.h"
#include "mamori-error.h"
#include "mamori-spf-record.h"

#define CHECK_ID "domain.spf"

#define LOOKUP_LIMIT 10   /* RFC 7208 §4.6.4 */
#define VOID_LIMIT   2    /* RFC 7208 §4.6.4 */
/* Hostile DNS could build a huge (not looping) tree; past these the verdict is already
 * clear (the lookup limit is exceeded), so stop asking. */
#define MAX_NODES    64
#define MAX_DEPTH    12

typedef enum {
  NODE_OK,
  NODE_NONE,          /* no SPF record at the name */
  NODE_MULTIPLE,      /* more than one: permerror (§4.5) */
  NODE_SYNTAX,        /* permerror */
  NODE_LOOP,          /* the name is already one of its ancestors */
  NODE_DNS_ERROR,     /* temperror */
  NODE_MACRO,         /* depends on the message (%{…}): cannot be followed here */
  NODE_NOT_FOLLOWED,  /* past MAX_NODES / MAX_DEPTH */
} NodeState;

typedef struct _Node Node;

struct _Node
{
  Node            *parent;
  char            *domain;
  char            *term;       /* "include:…" / "redirect=…" in the parent; NULL for the root */
  gboolean         redirect;
  NodeState        state;
  char            *text;       /* the SPF record */
  GPtrArray       *texts;      /* all TXT records at the name, for evidence */
  MamoriSpfRecord *record;
  char            *error;
  GPtrArray       *children;
  guint            depth;
  guint            voids;      /* void lookups caused by this node's own terms */
};

typedef struct {
  Node      *node;
  char      *name;
  MamoriSpfTermKind kind;
  char      *term;
} VoidProbe;

typedef struct {
  MamoriCheckContext *ctx;
  MamoriDns          *dns;
  guint               nodes;
  guint               lookups;
  guint               voids;
  gboolean            truncated;
  GPtrArray          *void_terms;   /* char*: "domain: term" */
} Walk;

static const char *
node_state_to_string (NodeState state)
{
  switch (state)
    {
    case NODE_OK:           return "ok";
    case NODE_NONE:         return "no-record";
    case NODE_MULTIPLE:     return "multiple-records";
    case NODE_SYNTAX:       return "syntax-error";
    case NODE_LOOP:         return "loop";
    case NODE_DNS_ERROR:    return "dns-error";
    case NODE_MACRO:        return "macro";
    case NODE_NOT_FOLLOWED: return "not-followed";
    default:                return "";
    }
}

static void
node_free (Node *node)
{
  if (node == NULL)
    return;
  g_free (node->domain);
  g_free (node->term);
  g_free (node->text);
  g_clear_pointer (&node->texts, g_ptr_array_unref);
  g_clear_pointer (&node->record, mamori_spf_record_free);
  g_free (node->error);
  g_ptr_array_unref (node->children);
  g_free (node);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Node, node_free)

static Node *
node_new (Node                *parent,
          const char          *domain,
          const MamoriSpfTerm *term)
{
  Node *node = g_new0 (Node, 1);
  gsize len;

  node->parent = parent;
  node->domain = g_ascii_strdown (domain, -1);
  len = strlen (node->domain);
  if (len > 1 && node->domain[len - 1] == '.')
    node->domain[len - 1] = '\0';
  node->children = g_ptr_array_new_with_free_func ((GDestroyNotify) node_free);
  if (parent != NULL)
    {
      node->depth = parent->depth + 1;
      node->term = g_strdup (term->raw);
      node->redirect = term->kind == MAMORI_SPF_TERM_REDIRECT;
      g_ptr_array_add (parent->children, node);
    }
  return node;
}

static void
void_probe_free (VoidProbe *probe)
{
  g_free (probe->name);
  g_free (probe->term);
  g_free (probe);
}

/* The zone-file line for a TXT record; strings longer than 255 octets must be split
 * (RFC 7208 §3.3), which is easy to get wrong by hand. */
static char *
txt_line (const char *owner,
          const char *text)
{
  GString *line = g_string_new (NULL);
  gsize len = strlen (text);

  g_string_append_printf (line, "%s. IN TXT ", owner);
  for (gsize i = 0; i < len || i == 0; i += 255)
    {
      g_autofree char *chunk = g_strndup (text + i, MIN (255, len - i));
      g_string_append_printf (line, "%s\"%s\"", i > 0 ? " " : "", chunk);
      if (len == 0)
        break;
    }
  return g_string_free (line, FALSE);
}

/* Fetches and parses the SPF record at node->domain (prefetched by the caller). */
static void
node_fetch (Walk *walk,
            Node *node)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) spf = g_ptr_array_new ();
  gboolean nxdomain = FALSE;

  node->texts = mamori_dns_lookup_txt (walk->dns, node->domain, &nxdomain,
                                       mamori_check_context_get_cancellable (walk->ctx), &error);
  if (node->texts == NULL)
    {
      node->state = NODE_DNS_ERROR;
      node->error = g_strdup (error->message);
      return;
    }
  for (guint i = 0; i < node->texts->len; i++)
    {
      GBytes *bytes = g_ptr_array_index (node->texts, i);
      gsize len;
      const char *data = g_bytes_get_data (bytes, &len);

      if (mamori_spf_record_is_spf (data, len))
        g_ptr_array_add (spf, bytes);
    }

  if (node->texts->len == 0 && node->parent != NULL)
    {
      /* NXDOMAIN or no answer at all: a void lookup (§4.6.4). */
      node->parent->voids++;
      walk->voids++;
      g_ptr_array_add (walk->void_terms, g_strdup_printf ("%s: %s", node->parent->domain,
                                                          node->term));
    }

  if (spf->len == 0)
    {
      node->state = NODE_NONE;
      return;
    }
  if (spf->len > 1)
    {
      node->state = NODE_MULTIPLE;
      return;
    }

  {
    GBytes *bytes = g_ptr_array_index (spf, 0);
    gsize len;
    const char *data = g_bytes_get_data (bytes, &len);

    node->text = mamori_message_text_from_bytes (bytes);
    node->record = mamori_spf_record_parse (data, len, &error);
    if (node->record == NULL)
      {
        node->state = NODE_SYNTAX;
        node->error = g_strdup (error->message);
        return;
      }
  }
  node->state = NODE_OK;
}

static gboolean
is_ancestor_domain (Node       *node,
                    const char *domain)
{
  for (Node *n = node; n != NULL; n = n->parent)
    {
      if (g_ascii_strcasecmp (n->domain, domain) == 0)
        return TRUE;
    }
  return FALSE;
}

static char *
normalized_target (const char *spec)
{
  char *name = g_ascii_strdown (spec, -1);
  gsize len = strlen (name);

  if (len > 1 && name[len - 1] == '.')
    name[len - 1] = '\0';
  return name;
}

/* Queues the queries of a node's a/mx/exists terms that can come back empty. */
static void
queue_void_probes (Walk      *walk,
                   Node      *node,
                   GPtrArray *probes)
{
  for (guint i = 0; i < node->record->terms->len; i++)
    {
      MamoriSpfTerm *term = g_ptr_array_index (node->record->terms, i);
      VoidProbe *probe;

      if (term->kind != MAMORI_SPF_TERM_A && term->kind != MAMORI_SPF_TERM_MX &&
          term->kind != MAMORI_SPF_TERM_EXISTS)
        continue;
      if (term->has_macros)
        continue;

      probe = g_new0 (VoidProbe, 1);
      probe->node = node;
      probe->name = term->domain_spec != NULL ? normalized_target (term->domain_spec)
                                              : g_strdup (node->domain);
      probe->kind = term->kind;
      probe->term = g_strdup (term->raw);
      if (probe->kind == MAMORI_SPF_TERM_MX)
        {
          mamori_dns_prefetch (walk->dns, probe->name, LDNS_RR_TYPE_MX, MAMORI_DNS_FLAGS_NONE);
        }
      else
        {
          mamori_dns_prefetch (walk->dns, probe->name, LDNS_RR_TYPE_A, MAMORI_DNS_FLAGS_NONE);
          if (term->kind == MAMORI_SPF_TERM_A)
            mamori_dns_prefetch (walk->dns, probe->name, LDNS_RR_TYPE_AAAA,
                                 MAMORI_DNS_FLAGS_NONE);
        }
      g_ptr_array_add (probes, probe);
    }
}

/* TRUE when the answer is NXDOMAIN or NOERROR without records of the type; errors are not
 * void (they are temperrors for a receiver, and not the publisher's doing). */
static gboolean
answer_is_void (Walk         *walk,
                const char   *name,
                ldns_rr_type  type)
{
  g_autoptr(MamoriDnsResponse) response = NULL;
  g_autoptr(ldns_rr_list) answer = NULL;
  ldns_pkt_rcode rcode;

  response = mamori_dns_query (walk->dns, name, type, MAMORI_DNS_FLAGS_NONE,
                               mamori_check_context_get_cancellable (walk->ctx), NULL);
  if (response == NULL)
    return FALSE;
  rcode = mamori_dns_response_get_rcode (response);
  if (rcode == LDNS_RCODE_NXDOMAIN)
    return TRUE;
  if (rcode != LDNS_RCODE_NOERROR)
    return FALSE;
  answer = mamori_dns_response_get_answer (response, type);
  return ldns_rr_list_rr_count (answer) == 0;
}

static void
run_void_probes (Walk      *walk,
                 GPtrArray *probes)
{
  for (guint i = 0; i < probes->len; i++)
    {
      VoidProbe *probe = g_ptr_array_index (probes, i);
      gboolean is_void;

      /* exists always asks for A (§5.7); mx asks for MX first. For a, the receiver asks A
       * or AAAA depending on the sender's address: the term only counts as void when both
       * are empty, so that an IPv6-only host is not blamed for IPv4 senders. */
      if (probe->kind == MAMORI_SPF_TERM_MX)
        is_void = answer_is_void (walk, probe->name, LDNS_RR_TYPE_MX);
      else if (probe->kind == MAMORI_SPF_TERM_EXISTS)
        is_void = answer_is_void (walk, probe->name, LDNS_RR_TYPE_A);
      else
        is_void = answer_is_void (walk, probe->name, LDNS_RR_TYPE_A) &&
                  answer_is_void (walk, probe->name, LDNS_RR_TYPE_AAAA);
      if (is_void)
        {
          probe->node->voids++;
          walk->voids++;
          g_ptr_array_add (walk->void_terms, g_strdup_printf ("%s: %s", probe->node->domain,
                                                              probe->term));
        }
    }
}

static void
walk_tree (Walk *walk,
           Node *root)
{
  g_autoptr(GPtrArray) level = g_ptr_array_new ();
  /* The a/mx/exists queries are only counted, never followed: they are prefetched as they
   * are found and read after the walk, so they never hold up the next level's TXT queries. */
  g_autoptr(GPtrArray) probes = g_ptr_array_new_with_free_func ((GDestroyNotify) void_probe_free);

  g_ptr_array_add (level, root);
  walk->nodes = 1;
  mamori_dns_prefetch (walk->dns, root->domain, LDNS_RR_TYPE_TXT, MAMORI_DNS_FLAGS_NONE);

  while (level->len > 0)
    {
      g_autoptr(GPtrArray) next = g_ptr_array_new ();

      for (guint i = 0; i < level->len; i++)
        {
          Node *node = g_ptr_array_index (level, i);

          if (g_cancellable_is_cancelled (mamori_check_context_get_cancellable (walk->ctx)))
            return;
          node_fetch (walk, node);
          if (node->state != NODE_OK)
            continue;

          walk->lookups += node->record->lookup_terms;
          queue_void_probes (walk, node, probes);

          for (guint j = 0; j < node->record->terms->len; j++)
            {
              MamoriSpfTerm *term = g_ptr_array_index (node->record->terms, j);
              g_autofree char *target = NULL;
              Node *child;

              if (term->kind != MAMORI_SPF_TERM_INCLUDE &&
                  !(term->kind == MAMORI_SPF_TERM_REDIRECT && node->record->all == NULL))
                continue;

              target = normalized_target (term->domain_spec);
              child = node_new (node, target, term);
              if (term->has_macros)
                {
                  child->state = NODE_MACRO;
                }
              else if (is_ancestor_domain (node, child->domain))
                {
                  child->state = NODE_LOOP;
                }
              else if (walk->nodes >= MAX_NODES || child->depth > MAX_DEPTH)
                {
                  child->state = NODE_NOT_FOLLOWED;
                  walk->truncated = TRUE;
                }
              else
                {
                  walk->nodes++;
                  mamori_dns_prefetch (walk->dns, child->domain, LDNS_RR_TYPE_TXT,
                                       MAMORI_DNS_FLAGS_NONE);
                  g_ptr_array_add (next, child);
                }
            }
        }

      g_ptr_array_set_size (level, 0);
      g_ptr_array_extend_and_steal (level, g_steal_pointer (&next));
    }
  run_void_probes (walk, probes);
}

/* Lookups under a node (its own terms and all its descendants'), for the evidence. */
static guint
subtree_lookups (Node *node)
{
  guint total = node->record != NULL ? node->record->lookup_terms : 0;

  for (guint i = 0; i < node->children->len; i++)
    total += subtree_lookups (g_ptr_array_index (node->children, i));
  return total;
}

static JsonNode *
node_to_json (Node *node)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "domain");
  json_builder_add_string_value (builder, node->domain);
  if (node->term != NULL)
    {
      json_builder_set_member_name (builder, "term");
      json_builder_add_string_value (builder, node->term);
    }
  json_builder_set_member_name (builder, "status");
  json_builder_add_string_value (builder, node_state_to_string (node->state));
  if (node->text != NULL)
    {
      json_builder_set_member_name (builder, "record");
      json_builder_add_string_value (builder, node->text);
    }
  if (node->state == NODE_MULTIPLE && node->texts != NULL)
    {
      json_builder_set_member_name (builder, "records");
      json_builder_begin_array (builder);
      for (guint i = 0; i < node->texts->len; i++)
        {
          g_autofree char *text = mamori_message_text_from_bytes (g_ptr_array_index (node->texts, i));
          json_builder_add_string_value (builder, text);
        }
      json_builder_end_array (builder);
    }
  if (node->error != NULL)
    {
      json_builder_set_member_name (builder, "error");
      json_builder_add_string_value (builder, node->error);
    }
  if (node->record != NULL)
    {
      json_builder_set_member_name (builder, "lookups");
      json_builder_add_int_value (builder, node->record->lookup_terms);
      json_builder_set_member_name (builder, "lookups_total");
      json_builder_add_int_value (builder, subtree_lookups (node));
    }
  if (node->voids > 0)
    {
      json_builder_set_member_name (builder, "void_lookups");
      json_builder_add_int_value (builder, node->voids);
    }
  if (node->children->len > 0)
    {
      json_builder_set_member_name (builder, "children");
      json_builder_begin_array (builder);
      for (guint i = 0; i < node->children->len; i++)
        json_builder_add_value (builder, node_to_json (g_ptr_array_index (node->children, i)));
      json_builder_end_array (builder);
    }
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

typedef enum {
  MAIL_UNKNOWN,
  MAIL_RECEIVES,
  MAIL_NONE,       /* no MX records */
  MAIL_NULL_MX,    /* RFC 7505 "0 ." */
} MailState;

static MailState
mail_state (MamoriCheckContext *ctx,
            const char         *domain)
{
  g_autoptr(MamoriDnsResponse) response = NULL;
  g_autoptr(ldns_rr_list) mx = NULL;

  response = mamori_dns_query (mamori_check_context_get_dns (ctx), domain, LDNS_RR_TYPE_MX,
                               MAMORI_DNS_FLAGS_NONE, mamori_check_context_get_cancellable (ctx),
                               NULL);
  if (response == NULL || !mamori_dns_response_check_rcode (response, domain, NULL))
    return MAIL_UNKNOWN;
  mx = mamori_dns_response_get_answer (response, LDNS_RR_TYPE_MX);
  if (ldns_rr_list_rr_count (mx) == 0)
    return MAIL_NONE;
  if (ldns_rr_list_rr_count (mx) == 1)
    {
      ldns_rr *rr = ldns_rr_list_rr (mx, 0);
      const ldns_rdf *exchange = ldns_rr_rdf (rr, 1);

      if (ldns_rdf2native_int16 (ldns_rr_rdf (rr, 0)) == 0 && exchange != NULL &&
          ldns_dname_label_count (exchange) == 0)
        return MAIL_NULL_MX;
    }
  return MAIL_RECEIVES;
}

static void
add_node_evidence (MamoriFinding *f,
                   Node          *node)
{
  if (node->text != NULL)
    mamori_finding_add_evidence_string (f, "record", node->text);
  if (node->texts != NULL && node->texts->len > 0)
    {
      g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
      g_auto(GStrv) strv = NULL;

      for (guint i = 0; i < node->texts->len; i++)
        {
          g_autofree char *text = mamori_message_text_from_bytes (g_ptr_array_index (node->texts, i));
          g_strv_builder_add (builder, text);
        }
      strv = g_strv_builder_end (builder);
      mamori_finding_add_evidence_strv (f, "txt", (const char * const *) strv);
    }
  mamori_finding_add_evidence_string (f, "name", node->domain);
}

static gboolean
skip_ptr (const MamoriSpfTerm *term,
          gpointer             data)
{
  return term->kind == MAMORI_SPF_TERM_PTR;
}

/* Terms that are never evaluated: mechanisms after the first all, and redirect next to
 * an all (§6.1). These are exactly what the parser warns about. */
static gboolean
skip_dead (const MamoriSpfTerm *term,
           gpointer             data)
{
  const MamoriSpfRecord *record = data;
  gboolean after_all = FALSE;

  if (term->kind == MAMORI_SPF_TERM_REDIRECT)
    return record->all != NULL;
  for (guint i = 0; i < record->terms->len; i++)
    {
      const MamoriSpfTerm *t = g_ptr_array_index (record->terms, i);

      if (t == term)
        return after_all && term->kind < MAMORI_SPF_TERM_REDIRECT;
      if (t->kind == MAMORI_SPF_TERM_ALL)
        after_all = TRUE;
    }
  return FALSE;
}

static gboolean
skip_raw (const MamoriSpfTerm *term,
          gpointer             data)
{
  return g_strcmp0 (term->raw, data) == 0;
}

/* Findings about one node below the root whose record a receiver cannot use. */
static void
report_broken_nodes (Walk *walk,
                     Node *root,
                     Node *node)
{
  MamoriCheckContext *ctx = walk->ctx;
  MamoriFinding *f = NULL;
  const char *facet = node->redirect ? "redirect" : "include";

  switch (node->state)
    {
    case NODE_NONE:
      f = mamori_check_context_add_finding (ctx, MAMORI_STATUS_FAIL, MAMORI_SEVERITY_HIGH);
      mamori_finding_set_facet (f, facet);
      mamori_finding_set_message (f, N_("“{0}” in the SPF record of {1} points to {2}, which "
                                        "has no SPF record; receivers treat the whole record "
                                        "as broken (permerror)."),
                                  node->term, node->parent->domain, node->domain, NULL);
      if (node->parent == root)
        {
          g_autofree char *fixed = mamori_spf_record_rebuild (root->record, skip_raw,
                                                              node->term, NULL);
          g_autofree char *line = txt_line (root->domain, fixed);

          mamori_finding_set_remediation (f, N_("Check the name with your mail provider and "
                                                "correct it, or remove the term:\n{0}"),
                                          line, NULL);
          mamori_finding_set_record (f, line);
        }
      else
        {
          mamori_finding_set_remediation (f, N_("Ask the operator of {0} to correct the "
                                                "reference, or stop including it."),
                                          node->parent->domain, NULL);
        }
      break;

    case NODE_MULTIPLE:
      f = mamori_check_context_add_finding (ctx, MAMORI_STATUS_FAIL, MAMORI_SEVERITY_HIGH);
      mamori_finding_set_facet (f, facet);
      mamori_finding_set_message (f, N_("{0} (reached through “{1}”) has more than one SPF "
                                        "record; receivers treat that as an error "
                                        "(permerror)."),
                                  node->domain, node->term, NULL);
      mamori_finding_set_remediation (f, N_("Keep exactly one SPF record at {0}."),
                                      node->domain, NULL);
      break;

    case NODE_SYNTAX:
      f = mamori_check_context_add_finding (ctx, MAMORI_STATUS_FAIL, MAMORI_SEVERITY_HIGH);
      mamori_finding_set_facet (f, "syntax");
      mamori_finding_set_message (f, N_("The SPF record of {0} (reached through “{1}”) is "
                                        "invalid, so receivers reject the whole record "
                                        "(permerror): {2}"),
                                  node->domain, node->term, node->error, NULL);
      mamori_finding_set_remediation (f, N_("Ask the operator of {0} to correct its SPF "
                                            "record, or stop including it."),
                                      node->domain, NULL);
      break;

    case NODE_LOOP:
      f = mamori_check_context_add_finding (ctx, MAMORI_STATUS_FAIL, MAMORI_SEVERITY_HIGH);
      mamori_finding_set_facet (f, "loop");
      mamori_finding_set_message (f, N_("“{0}” in the SPF record of {1} leads back to {2}: "
                                        "the records include each other in a loop, and "
                                        "receivers give up (permerror)."),
                                  node->term, node->parent->domain, node->domain, NULL);
      mamori_finding_set_remediation (f, N_("Remove the term “{0}” from the SPF record of {1}."),
                                      node->term, node->parent->domain, NULL);
      break;

    case NODE_DNS_ERROR:
      f = mamori_check_context_add_finding (ctx, MAMORI_STATUS_ERROR, MAMORI_SEVERITY_INFO);
      mamori_finding_set_facet (f, facet);
      mamori_finding_set_message (f, N_("The SPF record of {0} (reached through “{1}”) could "
                                        "not be read: {2}"),
                                  node->domain, node->term, node->error, NULL);
      break;

    case NODE_MACRO:
      f = mamori_check_context_add_finding (ctx, MAMORI_STATUS_INFO, MAMORI_SEVERITY_INFO);
      mamori_finding_set_facet (f, facet);
      mamori_finding_set_message (f, N_("“{0}” depends on each message (SPF macros), so it "
                                        "was not followed."),
                                  node->term, NULL);
      break;

    case NODE_OK:
      if (!node->redirect && node->record->all != NULL &&
          node->record->all->qualifier == MAMORI_SPF_QUALIFIER_PASS)
        {
          /* include matches when the included record passes: "+all" there lets
           * everyone through the include. */
          f = mamori_check_context_add_finding (ctx, MAMORI_STATUS_FAIL, MAMORI_SEVERITY_HIGH);
          mamori_finding_set_facet (f, "all");
          mamori_finding_set_message (f, N_("{0}, included through “{1}”, ends in “{2}”: "
                                            "every server in the world passes SPF for your "
                                            "domain."),
                                      node->domain, node->term, node->record->all->raw, NULL);
          mamori_finding_set_remediation (f, N_("Stop including {0} and ask its operator to "
                                                "end the record with “-all”."),
                                          node->domain, NULL);
        }
      break;

    case NODE_NOT_FOLLOWED:
    default:
      break;
    }
  if (f != NULL)
    add_node_evidence (f, node);
}

static void
visit (Walk *walk,
       Node *root,
       Node *node)
{
  if (node != root)
    report_broken_nodes (walk, root, node);
  for (guint i = 0; i < node->children->len; i++)
    visit (walk, root, g_ptr_array_index (node->children, i));
}

static void
collect_ptr (Node      *node,
             GPtrArray *out)
{
  if (node->record != NULL)
    {
      for (guint i = 0; i < node->record->terms->len; i++)
        {
          MamoriSpfTerm *term = g_ptr_array_index (node->record->terms, i);

          if (term->kind == MAMORI_SPF_TERM_PTR)
            g_ptr_array_add (out, g_strdup_printf ("%s: %s", node->domain, term->raw));
        }
    }
  for (guint i = 0; i < node->children->len; i++)
    collect_ptr (g_ptr_array_index (node->children, i), out);
}

static void
add_strv_evidence (MamoriFinding *f,
                   const char    *key,
                   GPtrArray     *strings)
{
  g_ptr_array_add (strings, NULL);
  mamori_finding_add_evidence_strv (f, key, (const char * const *) strings->pdata);
  g_ptr_array_remove_index (strings, strings->len - 1);
}

/* Only "v=spf1 -all": no sender is allowed. */
static gboolean
record_allows_nobody (const MamoriSpfRecord *record)
{
  return record->terms->len == 1 && record->all != NULL &&
         record->all->qualifier == MAMORI_SPF_QUALIFIER_FAIL;
}

static void
report_all (Walk      *walk,
            Node      *root,
            MailState  mail)
{
  MamoriCheckContext *ctx = walk->ctx;
  Node *effective = root;
  MamoriFinding *f;
  gboolean nomail = mail == MAIL_NONE || mail == MAIL_NULL_MX;

  /* With no "all", redirect hands the decision to another record (§6.1). */
  while (effective->state == NODE_OK && effective->record->all == NULL &&
         effective->record->redirect != NULL)
    {
      Node *next = NULL;

      for (guint i = 0; i < effective->children->len; i++)
        {
          Node *child = g_ptr_array_index (effective->children, i);
          if (child->redirect)
            next = child;
        }
      if (next == NULL)
        break;
      effective = next;
    }
  if (effective->state != NODE_OK)
    return;   /* already reported as broken */

  if (effective->record->all == NULL)
    {
      g_autofree char *fixed = mamori_spf_record_rebuild (root->record, NULL, NULL, "-all");
      g_autofree char *line = txt_line (root->domain, fixed);

      f = mamori_check_context_add_finding (ctx, MAMORI_STATUS_WARN, MAMORI_SEVERITY_MEDIUM);
      mamori_finding_set_message (f, N_("The SPF record does not end with “-all” or “~all”, so "
                                        "mail from servers it does not list gets no verdict "
                                        "(neutral) and is not refused."),
                                  NULL);
      if (effective == root)
        {
          mamori_finding_set_remediation (f, N_("End the record with “-all”:\n{0}"), line, NULL);
          mamori_finding_set_record (f, line);
        }
      else
        {
          mamori_finding_set_remediation (f, N_("End the SPF record of {0} with “-all”."),
                                          effective->domain, NULL);
        }
    }
  else
    {
      const MamoriSpfTerm *all = effective->record->all;
      g_autofree char *fixed = mamori_spf_record_rebuild (effective->record, NULL, NULL, "-all");
      g_autofree char *line = txt_line (effective->domain, fixed);

      switch (all->qualifier)
        {
        case MAMORI_SPF_QUALIFIER_PASS:
        case MAMORI_SPF_QUALIFIER_NEUTRAL:
          f = mamori_check_context_add_finding (ctx, MAMORI_STATUS_FAIL, MAMORI_SEVERITY_HIGH);
          if (all->qualifier == MAMORI_SPF_QUALIFIER_PASS)
            mamori_finding_set_message (f, N_("The SPF record ends in “{0}”: every server in "
                                              "the world is allowed to send mail as {1}."),
                                        all->raw, root->domain, NULL);
          else
            mamori_finding_set_message (f, N_("The SPF record ends in “{0}”: it makes no "
                                              "statement about other servers, so mail that "
                                              "impersonates {1} is not refused."),
                                        all->raw, root->domain, NULL);
          mamori_finding_set_remediation (f, N_("List every server that sends your mail and "
                                                "end the record with “-all”:\n{0}"),
                                          line, NULL);
          mamori_finding_set_record (f, line);
          break;

        case MAMORI_SPF_QUALIFIER_SOFTFAIL:
          /* The Japanese guidance Mamori scores against (guidelines-detail.md, "DMARC":
           * 迷惑メール対策推進協議会's DMARC guideline of 2024-07 and Google's rollout
           * advice) asks for one SPF record within 10 lookups and puts enforcement in
           * DMARC (p=none → quarantine → reject); it requires "-all" only for domains that
           * send no mail. A receiver that applies DMARC treats ~all and -all alike, and
           * ~all keeps forwarded mail that DKIM can still rescue. So ~all passes with a
           * note for a domain that receives mail, and is a warning for one that does not. */
          if (nomail)
            {
              f = mamori_check_context_add_finding (ctx, MAMORI_STATUS_WARN,
                                                    MAMORI_SEVERITY_MEDIUM);
              mamori_finding_set_message (f, N_("The SPF record ends in “~all” (soft fail), "
                                                "but this domain receives no mail and should "
                                                "refuse every sender with “-all”."),
                                          NULL);
            }
          else
            {
              f = mamori_check_context_add_finding (ctx, MAMORI_STATUS_PASS,
                                                    MAMORI_SEVERITY_INFO);
              mamori_finding_set_message (f, N_("The SPF record ends in “~all” (soft fail): "
                                                "receivers mark mail from unlisted servers as "
                                                "suspicious, and your DMARC policy decides what "
                                                "happens to it. “-all” is stricter."),
                                          NULL);
            }
          mamori_finding_set_remediation (f, N_("When you are sure the record lists every server "
                                                "that sends your mail, you can end it with "
                                                "“-all”:\n{0}"),
                                          line, NULL);
          mamori_finding_set_record (f, line);
          break;

        case MAMORI_SPF_QUALIFIER_FAIL:
        default:
          f = mamori_check_context_add_finding (ctx, MAMORI_STATUS_PASS, MAMORI_SEVERITY_INFO);
          mamori_finding_set_message (f, N_("The SPF record ends in “-all”: mail from servers it "
                                            "does not list fails SPF."),
                                      NULL);
          break;
        }
      mamori_finding_add_evidence_string (f, "all", all->raw);
      if (effective != root)
        mamori_finding_add_evidence_string (f, "via_redirect", effective->domain);
    }
  mamori_finding_set_facet (f, "all");
  if (effective->text != NULL)
    mamori_finding_add_evidence_string (f, "record", effective->text);
}

static void
report_nomail (MamoriCheckContext *ctx,
               const char         *domain,
               Node               *root,
               MailState           mail)
{
  g_autofree char *line = txt_line (domain, "v=spf1 -all");
  MamoriFinding *f;

  if (mail != MAIL_NONE && mail != MAIL_NULL_MX)
    return;

  if (root->state == NODE_OK && record_allows_nobody (root->record))
    {
      f = mamori_check_context_add_finding (ctx, MAMORI_STATUS_PASS, MAMORI_SEVERITY_INFO);
      mamori_finding_set_message (f, N_("This domain receives no mail (it has no MX record or "
                                        "the null MX “0 .”) and its SPF record “v=spf1 -all” "
                                        "allows no sender, as it should."),
                                  NULL);
    }
  else if (root->state == NODE_OK)
    {
      f = mamori_check_context_add_finding (ctx, MAMORI_STATUS_WARN, MAMORI_SEVERITY_MEDIUM);
      mamori_finding_set_message (f, N_("This domain receives no mail (it has no MX record or "
                                        "the null MX “0 .”), but its SPF record allows servers "
                                        "to send mail in its name."),
                                  NULL);
      mamori_finding_set_remediation (f, N_("If the domain sends no mail either, allow no sender "
                                            "at all:\n{0}"),
                                      line, NULL);
      mamori_finding_set_record (f, line);
    }
  else
    {
      f = mamori_check_context_add_finding (ctx, MAMORI_STATUS_FAIL, MAMORI_SEVERITY_HIGH);
      mamori_finding_set_message (f, N_("This domain receives no mail (it has no MX record or "
                                        "the null MX “0 .”) and has no usable SPF record, so "
                                        "nothing stops others from sending mail in its name."),
                                  NULL);
      mamori_finding_set_remediation (f, N_("A domain that sends no mail should say so. "
                                            "Publish:\n{0}"),
                                      line, NULL);
      mamori_finding_set_record (f, line);
    }
  mamori_finding_set_facet (f, "nomail");
  mamori_finding_add_evidence_string (f, "mx", mail == MAIL_NULL_MX ? "0 ." : "");
}

/* One record with every sender of several, for "more than one SPF record": each distinct
 * term once, one all at the end (the strictest that any of them had, -all when none).
 * NULL when one of them does not parse: then only a person can tell what was meant. */
static char *
merged_record (Node *node)
{
  g_autoptr(GString) out = g_string_new ("v=spf1");
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  const char *all = NULL;

  for (guint i = 0; i < node->texts->len; i++)
    {
      gsize len;
      const char *data = g_bytes_get_data (g_ptr_array_index (node->texts, i), &len);
      g_autoptr(MamoriSpfRecord) record = NULL;

      if (!mamori_spf_record_is_spf (data, len))
        continue;
      record = mamori_spf_record_parse (data, len, NULL);
      if (record == NULL)
        return NULL;
      for (guint j = 0; j < record->terms->len; j++)
        {
          MamoriSpfTerm *term = g_ptr_array_index (record->terms, j);
          g_autofree char *key = NULL;

          if (term->kind == MAMORI_SPF_TERM_ALL)
            {
              if (term->qualifier == MAMORI_SPF_QUALIFIER_FAIL)
                all = "-all";
              else if (term->qualifier == MAMORI_SPF_QUALIFIER_SOFTFAIL && all == NULL)
                all = "~all";
              continue;
            }
          /* Two redirects or exps cannot be merged. */
          if (term->kind == MAMORI_SPF_TERM_REDIRECT || term->kind == MAMORI_SPF_TERM_EXP)
            return NULL;
          key = g_ascii_strdown (term->raw, -1);
          if (g_hash_table_contains (seen, key))
            continue;
          g_hash_table_add (seen, g_steal_pointer (&key));
          g_string_append_printf (out, " %s", term->raw);
        }
    }
  g_string_append_printf (out, " %s", all != NULL ? all : "-all");
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static gboolean
spf_run (MamoriCheckContext  *ctx,
         GError             **error)
{
  const char *domain = mamori_check_context_get_subject (ctx);
  g_autoptr(Node) root = node_new (NULL, domain, NULL);
  g_autoptr(GPtrArray) void_terms = g_ptr_array_new_with_free_func (g_free);
  Walk walk = { ctx, mamori_check_context_get_dns (ctx), 0, 0, 0, FALSE, void_terms };
  MailState mail;
  MamoriFinding *f;

  /* MX tells whether the domain receives mail; ask it alongside the SPF tree. */
  mamori_dns_prefetch (walk.dns, domain, LDNS_RR_TYPE_MX, MAMORI_DNS_FLAGS_NONE);
  walk_tree (&walk, root);
  if (mamori_check_context_set_error_if_cancelled (ctx, error))
    return FALSE;

  if (root->state == NODE_DNS_ERROR)
    {
      g_set_error (error, MAMORI_ERROR, MAMORI_ERROR_NETWORK, "%s", root->error);
      return FALSE;
    }
  mail = mail_state (ctx, domain);

  switch (root->state)
    {
    case NODE_NONE:
      {
        gboolean nomail = mail == MAIL_NONE || mail == MAIL_NULL_MX;
        g_autofree char *line = txt_line (domain, nomail ? "v=spf1 -all" : "v=spf1 mx -all");

        f = mamori_check_context_add_finding (ctx, MAMORI_STATUS_FAIL, MAMORI_SEVERITY_HIGH);
        mamori_finding_set_message (f, N_("No SPF record is published for {0}: receivers cannot "
                                          "tell which servers may send its mail."),
                                    domain, NULL);
        if (nomail)
          mamori_finding_set_remediation (f, N_("This domain receives no mail; if it sends none "
                                                "either, publish:\n{0}"),
                                          line, NULL);
        else
          mamori_finding_set_remediation (f, N_("Publish an SPF record that lists every server "
                                                "and service that sends your mail and ends with "
                                                "“-all”. If only your own mail servers send it, "
                                                "this is enough:\n{0}"),
                                          line, NULL);
        mamori_finding_set_record (f, line);
        mamori_finding_set_facet (f, "record");
        add_node_evidence (f, root);
        report_nomail (ctx, domain, root, mail);
        return TRUE;
      }

    case NODE_MULTIPLE:
      f = mamori_check_context_add_finding (ctx, MAMORI_STATUS_FAIL, MAMORI_SEVERITY_HIGH);
      mamori_finding_set_facet (f, "record");
      mamori_finding_set_message (f, N_("{0} has more than one SPF record; receivers then treat "
                                        "SPF as broken (permerror) and use none of them."),
                                  domain, NULL);
      {
        g_autofree char *merged = merged_record (root);

        if (merged != NULL)
          {
            g_autofree char *line = txt_line (domain, merged);

            mamori_finding_set_remediation (f, N_("Replace them with one record that lists every "
                                                  "sender once, and delete the others:\n{0}"),
                                            line, NULL);
            mamori_finding_set_record (f, line);
          }
        else
          {
            mamori_finding_set_remediation (f, N_("Merge them into one record that lists every "
                                                  "sender once and ends with one “-all”, and "
                                                  "delete the others."),
                                            NULL);
          }
      }
      add_node_evidence (f, root);
      report_nomail (ctx, domain, root, mail);
      return TRUE;

    case NODE_SYNTAX:
      f = mamori_check_context_add_finding (ctx, MAMORI_STATUS_FAIL, MAMORI_SEVERITY_HIGH);
      mamori_finding_set_facet (f, "syntax");
      mamori_finding_set_message (f, N_("The SPF record of {0} is invalid, so receivers ignore "
                                        "it (permerror): {1}"),
                                  domain, root->error, NULL);
      mamori_finding_set_remediation (f, N_("Correct the term named above; every term must be "
                                            "one of all, include, a, mx, ptr, ip4, ip6, exists, "
                                            "redirect= or exp=."),
                                      NULL);
      add_node_evidence (f, root);
      report_nomail (ctx, domain, root, mail);
      return TRUE;

    case NODE_OK:
    default:
      break;
    }

  f = mamori_check_context_add_finding (ctx, MAMORI_STATUS_PASS, MAMORI_SEVERITY_INFO);
  mamori_finding_set_facet (f, "record");
  mamori_finding_set_message (f, N_("An SPF record is published for {0}."), domain, NULL);
  mamori_finding_add_evidence_string (f, "record", root->text);
  mamori_finding_add_evidence_node (f, "tree", node_to_json (root));

  if (root->record->warnings->len > 0)
    {
      g_autofree char *fixed = mamori_spf_record_rebuild (root->record, skip_dead, root->record,
                                                          NULL);
      g_autofree char *line = txt_line (domain, fixed);

      for (guint i = 0; i < root->record->warnings->len; i++)
        {
          f = mamori_check_context_add_finding (ctx, MAMORI_STATUS_WARN, MAMORI_SEVERITY_LOW);
          mamori_finding_set_facet (f, "syntax");
          mamori_finding_set_message (f, N_("The SPF record has a problem: {0}"),
                                      (const char *) g_ptr_array_index (root->record->warnings, i),
                                      NULL);
          mamori_finding_set_remediation (f, N_("Remove the terms that are never used:\n{0}"),
                                          line, NULL);
          mamori_finding_set_record (f, line);
          mamori_finding_add_evidence_string (f, "record", root->text);
        }
    }

  visit (&walk, root, root);

  {
    g_autofree char *count = g_strdup_printf ("%u", walk.lookups);
    g_autofree char *limit = g_strdup_printf ("%d", LOOKUP_LIMIT);

    if (walk.lookups > LOOKUP_LIMIT)
      {
        f = mamori_check_context_add_finding (ctx, MAMORI_STATUS_FAIL, MAMORI_SEVERITY_HIGH);
        if (walk.truncated)
          mamori_finding_set_message (f, N_("Checking the SPF record takes at least {0} DNS "
                                            "lookups; receivers stop at {1} and treat the record "
                                            "as broken (permerror)."),
                                      count, limit, NULL);
        else
          mamori_finding_set_message (f, N_("Checking the SPF record takes {0} DNS lookups; "
                                            "receivers stop at {1} and treat the record as "
                                            "broken (permerror)."),
                                      count, limit, NULL);
        mamori_finding_set_remediation (f, N_("Remove includes of services you no longer use, "
                                              "replace “a” and “mx” with the ip4:/ip6: "
                                              "addresses of your servers, and ask your providers "
                                              "for a narrower include. The tree in the evidence "
                                              "shows how many lookups each include costs."),
                                        NULL);
      }
    else
      {
        f = mamori_check_context_add_finding (ctx, MAMORI_STATUS_PASS, MAMORI_SEVERITY_INFO);
        mamori_finding_set_message (f, N_("Checking the SPF record takes {0} of the {1} DNS "
                                          "lookups receivers allow."),
                                    count, limit, NULL);
      }
    mamori_finding_set_facet (f, "lookups");
    mamori_finding_add_evidence_int (f, "lookups", walk.lookups);
    mamori_finding_add_evidence_int (f, "limit", LOOKUP_LIMIT);
    mamori_finding_add_evidence_node (f, "tree", node_to_json (root));
  }

  {
    g_autofree char *count = g_strdup_printf ("%u", walk.voids);
    g_autofree char *limit = g_strdup_printf ("%d", VOID_LIMIT);

    if (walk.voids > VOID_LIMIT)
      {
        f = mamori_check_context_add_finding (ctx, MAMORI_STATUS_FAIL, MAMORI_SEVERITY_HIGH);
        mamori_finding_set_message (f, N_("{0} names in the SPF record do not exist or have no "
                                          "address; receivers allow {1} such empty lookups and "
                                          "then treat the record as broken (permerror)."),
                                    count, limit, NULL);
        mamori_finding_set_remediation (f, N_("Remove the terms listed in the evidence: they "
                                              "point to names that no longer exist."),
                                        NULL);
      }
    else
      {
        f = mamori_check_context_add_finding (ctx, MAMORI_STATUS_PASS, MAMORI_SEVERITY_INFO);
        mamori_finding_set_message (f, N_("{0} empty DNS lookups (at most {1} are allowed)."),
                                    count, limit, NULL);
      }
    mamori_finding_set_facet (f, "void");
    mamori_finding_add_evidence_int (f, "void_lookups", walk.voids);
    add_strv_evidence (f, "void_terms", void_terms);
  }

  report_all (&walk, root, mail);

  {
    g_autoptr(GPtrArray) ptrs = g_ptr_array_new_with_free_func (g_free);

    collect_ptr (root, ptrs);
    if (ptrs->len > 0)
      {
        f = mamori_check_context_add_finding (ctx, MAMORI_STATUS_WARN, MAMORI_SEVERITY_LOW);
        mamori_finding_set_facet (f, "ptr");
        mamori_finding_set_message (f, N_("The SPF record uses the “ptr” mechanism, which RFC "
                                          "7208 says not to use: it is slow and unreliable, and "
                                          "many receivers skip it."),
                                    NULL);
        {
          gboolean own = FALSE;

          for (guint i = 0; i < root->record->terms->len; i++)
            {
              MamoriSpfTerm *term = g_ptr_array_index (root->record->terms, i);
              if (term->kind == MAMORI_SPF_TERM_PTR)
                own = TRUE;
            }
          if (own)
            {
              g_autofree char *fixed = mamori_spf_record_rebuild (root->record, skip_ptr, NULL,
                                                                  NULL);
              g_autofree char *line = txt_line (domain, fixed);

              mamori_finding_set_remediation (f, N_("Replace “ptr” with the ip4:/ip6: addresses "
                                                    "(or a/mx) of your servers; without it the "
                                                    "record reads:\n{0}"),
                                              line, NULL);
              mamori_finding_set_record (f, line);
            }
          else
            {
              mamori_finding_set_remediation (f, N_("Ask the operator of the included record "
                                                    "to stop using “ptr”."),
                                              NULL);
            }
        }
        add_strv_evidence (f, "ptr_terms", ptrs);
      }
  }

  report_nomail (ctx, domain, root, mail);
  return TRUE;
}

const MamoriCheckDescriptor mamori_check_spf = {
  .id = CHECK_ID,
  .family = MAMORI_FAMILY_DOMAIN,
  .title = N_("SPF record"),
  .description = N_("Whether the domain lists the servers allowed to send its mail (SPF), "
                    "whether the list is valid and within the lookup limits, and whether it "
                    "refuses all other servers."),
  .needs = MAMORI_CHECK_NEEDS_DOMAIN | MAMORI_CHECK_NEEDS_NETWORK,
  .run = spf_run,
};

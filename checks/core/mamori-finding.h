/* SPDX-License-Identifier: GPL-3.0-or-later */
/* One result of a check: status, message, evidence and remediation about one subject. */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef enum {
  MAMORI_STATUS_PASS,
  MAMORI_STATUS_WARN,
  MAMORI_STATUS_FAIL,
  MAMORI_STATUS_INFO,
  MAMORI_STATUS_ERROR,            /* could not decide: never scored as pass or fail */
  MAMORI_STATUS_NOT_APPLICABLE,
} MamoriStatus;

typedef enum {
  MAMORI_SEVERITY_INFO,
  MAMORI_SEVERITY_LOW,
  MAMORI_SEVERITY_MEDIUM,
  MAMORI_SEVERITY_HIGH,
} MamoriSeverity;

const char    *mamori_status_to_string     (MamoriStatus    status);
gboolean       mamori_status_from_string   (const char     *str,
                                            MamoriStatus   *status);
const char    *mamori_status_to_label      (MamoriStatus    status);
const char    *mamori_severity_to_string   (MamoriSeverity  severity);
gboolean       mamori_severity_from_string (const char     *str,
                                            MamoriSeverity *severity);
/* Orders statuses from best to worst for "the worst of several findings". */
int            mamori_status_rank          (MamoriStatus    status);

#define MAMORI_TYPE_FINDING (mamori_finding_get_type ())

G_DECLARE_FINAL_TYPE (MamoriFinding, mamori_finding, MAMORI, FINDING, GObject)

MamoriFinding  *mamori_finding_new                 (const char     *check_id,
                                                    const char     *subject,
                                                    MamoriStatus    status,
                                                    MamoriSeverity  severity);
const char     *mamori_finding_get_check_id        (MamoriFinding  *self);
const char     *mamori_finding_get_subject         (MamoriFinding  *self);
MamoriStatus    mamori_finding_get_status          (MamoriFinding  *self);
void            mamori_finding_set_status          (MamoriFinding  *self,
                                                    MamoriStatus    status);
MamoriSeverity  mamori_finding_get_severity        (MamoriFinding  *self);
void            mamori_finding_set_severity        (MamoriFinding  *self,
                                                    MamoriSeverity  severity);
/* An optional sub-aspect ("policy", "rua" …) that catalog items can point at. */
const char     *mamori_finding_get_facet           (MamoriFinding  *self);
void            mamori_finding_set_facet           (MamoriFinding  *self,
                                                    const char     *facet);

/* msgid is an untranslated N_() string with {0} {1} … placeholders; NULL-terminated params. */
void            mamori_finding_set_message         (MamoriFinding  *self,
                                                    const char     *msgid,
                                                    ...) G_GNUC_NULL_TERMINATED;
void            mamori_finding_set_message_v       (MamoriFinding  *self,
                                                    const char     *msgid,
                                                    const char * const *params);
const char     *mamori_finding_get_message_id      (MamoriFinding  *self);
const char * const *mamori_finding_get_message_params (MamoriFinding *self);
char           *mamori_finding_render_message      (MamoriFinding  *self);

void            mamori_finding_set_remediation     (MamoriFinding  *self,
                                                    const char     *msgid,
                                                    ...) G_GNUC_NULL_TERMINATED;
void            mamori_finding_set_remediation_v   (MamoriFinding  *self,
                                                    const char     *msgid,
                                                    const char * const *params);
const char     *mamori_finding_get_remediation_id  (MamoriFinding  *self);
const char * const *mamori_finding_get_remediation_params (MamoriFinding *self);
char           *mamori_finding_render_remediation  (MamoriFinding  *self);

/* The exact record (zone-file line) or setting the user should publish, for a copy button. */
const char     *mamori_finding_get_record          (MamoriFinding  *self);
void            mamori_finding_set_record          (MamoriFinding  *self,
                                                    const char     *record);

/* Evidence is a JSON object of raw records and responses. */
JsonObject     *mamori_finding_get_evidence        (MamoriFinding  *self);
void            mamori_finding_add_evidence_string (MamoriFinding  *self,
                                                    const char     *key,
                                                    const char     *value);
void            mamori_finding_add_evidence_int    (MamoriFinding  *self,
                                                    const char     *key,
                                                    gint64          value);
void            mamori_finding_add_evidence_strv   (MamoriFinding  *self,
                                                    const char     *key,
                                                    const char * const *values);
/* A list of raw records (GBytes), each kept as text (mamori_message_text_from_bytes). */
void            mamori_finding_add_evidence_texts  (MamoriFinding  *self,
                                                    const char     *key,
                                                    GPtrArray      *texts);
void            mamori_finding_add_evidence_node   (MamoriFinding  *self,
                                                    const char     *key,
                                                    JsonNode       *node);

const char * const *mamori_finding_get_guideline_refs (MamoriFinding *self);
void            mamori_finding_set_guideline_refs  (MamoriFinding  *self,
                                                    const char * const *refs);

/* JSON in the CLI.md shape; message and remediation are rendered in the current locale,
 * and the ids and parameters ride along so that a stored run can be re-rendered. */
JsonNode       *mamori_finding_to_json             (MamoriFinding  *self);
MamoriFinding  *mamori_finding_new_from_json       (JsonNode       *node,
                                                    GError        **error);

G_END_DECLS

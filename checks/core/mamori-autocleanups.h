/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Cleanup functions for foreign types, defined exactly once for the whole project. */
#pragma once

#include <glib.h>
#include <curl/curl.h>
#include <ldns/ldns.h>

G_BEGIN_DECLS

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ldns_pkt, ldns_pkt_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ldns_rr, ldns_rr_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ldns_rr_list, ldns_rr_list_deep_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ldns_rdf, ldns_rdf_deep_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ldns_resolver, ldns_resolver_deep_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CURL, curl_easy_cleanup)

G_END_DECLS

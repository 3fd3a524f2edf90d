/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "mamori-error.h"
#include "mamori-rpki.h"

#define MAX_VRP_FILE_SIZE (512 * 1024 * 1024)

struct _MamoriVrpSet
{
  GArray *vrps;   /* MamoriVrp */
};

MamoriVrpSet *
mamori_vrp_set_new (void)
{
  MamoriVrpSet *self = g_atomic_rc_box_new0 (MamoriVrpSet);

  self->vrps = g_array_new (FALSE, TRUE, sizeof (MamoriVrp));
  return self;
}

MamoriVrpSet *
mamori_vrp_set_ref (MamoriVrpSet *self)
{
  return g_atomic_rc_box_acquire (self);
}

static void
vrp_set_clear (MamoriVrpSet *self)
{
  g_array_unref (self->vrps);
}

void
mamori_vrp_set_unref (MamoriVrpSet *self)
{
  g_atomic_rc_box_release_full (self, (GDestroyNotify) vrp_set_clear);
}

void
mamori_vrp_set_add (MamoriVrpSet    *self,
                    const MamoriVrp *vrp)
{
  g_array_append_val (self->vrps, *vrp);
}

guint
mamori_vrp_set_get_size (MamoriVrpSet *self)
{
  return self->vrps->len;
}

const char *
mamori_rov_state_to_string (MamoriRovState state)
{
  switch (state)
    {
    case MAMORI_ROV_VALID:     return "valid";
    case MAMORI_ROV_INVALID:   return "invalid";
    case MAMORI_ROV_NOT_FOUND:
    default:                   return "not-found";
    }
}

gboolean
mamori_rpki_parse_asn (const char *text,
                       guint32    *asn)
{
  guint64 value;

  if (text == NULL)
    return FALSE;
  if (g_ascii_strncasecmp (text, "AS", 2) == 0)
    text += 2;
  if (!g_ascii_string_to_unsigned (text, 10, 0, G_MAXUINT32, &value, NULL))
    return FALSE;
  *asn = (guint32) value;
  return TRUE;
}

GInetAddressMask *
mamori_rpki_parse_prefix (const char  *text,
                          GError     **error)
{
  g_autoptr(GInetAddressMask) mask = NULL;
  g_autoptr(GInetAddress) network = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *slash;
  guint8 bytes[16];
  gsize n;

  if (text == NULL || (slash = strchr (text, '/')) == NULL)
    {
      g_set_error (error, MAMORI_ERROR, MAMORI_ERROR_INVALID_INPUT,
                   _("“%s” is not an IP prefix (expected ADDRESS/LENGTH)"), text ? text : "");
      return NULL;
    }
  mask = g_inet_address_mask_new_from_string (text, &local_error);
  if (mask == NULL)
    {
      /* GIO refuses host bits after the prefix; routes sometimes carry them: clear them. */
      g_autofree char *host = g_strndup (text, slash - text);
      guint64 plen;
      g_autoptr(GInetAddress) raw = g_inet_address_new_from_string (host);

      if (raw == NULL || !g_ascii_string_to_unsigned (slash + 1, 10, 0,
                                                      g_inet_address_get_native_size (raw) * 8,
                                                      &plen, NULL))
        {
          g_set_error (error, MAMORI_ERROR, MAMORI_ERROR_INVALID_INPUT,
                       _("“%s” is not an IP prefix (expected ADDRESS/LENGTH)"), text);
          return NULL;
        }
      n = g_inet_address_get_native_size (raw);
      memcpy (bytes, g_inet_address_to_bytes (raw), n);
      for (gsize i = 0; i < n; i++)
        {
          int keep = (int) plen - (int) (i * 8);
          if (keep <= 0)
            bytes[i] = 0;
          else if (keep < 8)
            bytes[i] &= (guint8) (0xff << (8 - keep));
        }
      network = g_inet_address_new_from_bytes (bytes, g_inet_address_get_family (raw));
      return g_inet_address_mask_new (network, (guint) plen, error);
    }
  return g_steal_pointer (&mask);
}

static gboolean
vrp_from_prefix (const char  *prefix,
                 gint64       max_len,
                 guint32      asn,
                 MamoriVrp   *vrp,
                 GError     **error)
{
  g_autoptr(GInetAddressMask) mask = mamori_rpki_parse_prefix (prefix, error);
  GInetAddress *addr;
  gsize size;

  if (mask == NULL)
    return FALSE;
  addr = g_inet_address_mask_get_address (mask);
  size = g_inet_address_get_native_size (addr);
  memset (vrp, 0, sizeof *vrp);
  vrp->family = size == 4 ? 4 : 6;
  vrp->prefix_len = (guint8) g_inet_address_mask_get_length (mask);
  if (max_len < vrp->prefix_len || max_len > (gint64) size * 8)
    {
      g_autofree char *max_str = g_strdup_printf ("%" G_GINT64_FORMAT, max_len);

      g_set_error (error, MAMORI_ERROR, MAMORI_ERROR_INVALID_INPUT,
                   _("The maxLength %s of %s is out of range"), max_str, prefix);
      return FALSE;
    }
  vrp->max_len = (guint8) max_len;
  memcpy (vrp->addr, g_inet_address_to_bytes (addr), size);
  vrp->asn = asn;
  return TRUE;
}

MamoriVrpSet *
mamori_vrp_set_new_from_json_data (const char  *data,
                                   gsize        len,
                                   GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(MamoriVrpSet) self = NULL;
  g_autoptr(GError) local_error = NULL;
  JsonNode *root;
  JsonNode *roas_node;
  JsonArray *roas;

  if (!json_parser_load_from_data (parser, data, (gssize) len, &local_error))
    {
      g_set_error (error, MAMORI_ERROR, MAMORI_ERROR_INVALID_INPUT,
                   _("The VRP data is not valid JSON: %s"), local_error->message);
      return NULL;
    }
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root) ||
      (roas_node = json_object_get_member (json_node_get_object (root), "roas")) == NULL ||
      !JSON_NODE_HOLDS_ARRAY (roas_node))
    {
      g_set_error (error, MAMORI_ERROR, MAMORI_ERROR_INVALID_INPUT,
                   _("The VRP data has no “roas” list"));
      return NULL;
    }

  self = mamori_vrp_set_new ();
  roas = json_node_get_array (roas_node);
  for (guint i = 0; i < json_array_get_length (roas); i++)
    {
      JsonNode *node = json_array_get_element (roas, i);
      JsonObject *roa;
      JsonNode *prefix, *max_len, *asn;
      MamoriVrp vrp;
      guint32 asn_value = 0;
      gint64 max_value;
      gboolean asn_ok = FALSE;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        goto bad;
      roa = json_node_get_object (node);
      prefix = json_object_get_member (roa, "prefix");
      max_len = json_object_get_member (roa, "maxLength");
      asn = json_object_get_member (roa, "asn");
      if (prefix == NULL || !JSON_NODE_HOLDS_VALUE (prefix) ||
          json_node_get_value_type (prefix) != G_TYPE_STRING || asn == NULL ||
          !JSON_NODE_HOLDS_VALUE (asn))
        goto bad;
      if (json_node_get_value_type (asn) == G_TYPE_STRING)
        {
          asn_ok = mamori_rpki_parse_asn (json_node_get_string (asn), &asn_value);
        }
      else if (json_node_get_value_type (asn) == G_TYPE_INT64)
        {
          gint64 v = json_node_get_int (asn);
          asn_ok = v >= 0 && v <= G_MAXUINT32;
          asn_value = (guint32) v;
        }
      if (!asn_ok)
        goto bad;
      if (max_len != NULL && JSON_NODE_HOLDS_VALUE (max_len) &&
          json_node_get_value_type (max_len) == G_TYPE_INT64)
        max_value = json_node_get_int (max_len);
      else if (max_len == NULL)
        max_value = -1;
      else
        goto bad;

      if (max_value < 0)
        {
          g_autoptr(GInetAddressMask) mask = mamori_rpki_parse_prefix (json_node_get_string (prefix),
                                                                       NULL);
          if (mask == NULL)
            goto bad;
          max_value = g_inet_address_mask_get_length (mask);
        }
      if (!vrp_from_prefix (json_node_get_string (prefix), max_value, asn_value, &vrp, &local_error))
        {
          g_set_error (error, MAMORI_ERROR, MAMORI_ERROR_INVALID_INPUT,
                       _("Entry %u of the VRP data is invalid: %s"), i + 1, local_error->message);
          return NULL;
        }
      mamori_vrp_set_add (self, &vrp);
      continue;

bad:
      g_set_error (error, MAMORI_ERROR, MAMORI_ERROR_INVALID_INPUT,
                   _("Entry %u of the VRP data lacks a valid prefix, maxLength or asn"), i + 1);
      return NULL;
    }
  return g_steal_pointer (&self);
}

MamoriVrpSet *
mamori_vrp_set_new_from_file (const char  *path,
                              GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GMappedFile) file = g_mapped_file_new (path, FALSE, &local_error);
  MamoriVrpSet *set;

  if (file == NULL)
    {
      g_set_error (error, MAMORI_ERROR, MAMORI_ERROR_INVALID_INPUT,
                   _("Could not read the VRP file “%s”: %s"), path, local_error->message);
      return NULL;
    }
  if (g_mapped_file_get_length (file) > MAX_VRP_FILE_SIZE)
    {
      g_set_error (error, MAMORI_ERROR, MAMORI_ERROR_INVALID_INPUT,
                   _("The VRP file “%s” is too large"), path);
      return NULL;
    }
  set = mamori_vrp_set_new_from_json_data (g_mapped_file_get_contents (file),
                                           g_mapped_file_get_length (file), &local_error);
  if (set == NULL)
    g_set_error (error, MAMORI_ERROR, MAMORI_ERROR_INVALID_INPUT, "%s: %s", path,
                 local_error->message);
  return set;
}

static gboolean
prefix_covers (const guint8 *net,
               guint         net_len,
               const guint8 *addr,
               guint         addr_len)
{
  guint full = net_len / 8, rest = net_len % 8;

  if (addr_len < net_len)
    return FALSE;
  if (memcmp (net, addr, full) != 0)
    return FALSE;
  if (rest != 0)
    {
      guint8 m = (guint8) (0xff << (8 - rest));
      if ((net[full] & m) != (addr[full] & m))
        return FALSE;
    }
  return TRUE;
}

MamoriRovState
mamori_vrp_set_validate (MamoriVrpSet     *self,
                         GInetAddressMask *route,
                         guint32           origin_asn,
                         MamoriRovReason  *reason,
                         GPtrArray        *covering)
{
  GInetAddress *addr = g_inet_address_mask_get_address (route);
  guint len = g_inet_address_mask_get_length (route);
  guint8 family = g_inet_address_get_native_size (addr) == 4 ? 4 : 6;
  const guint8 *bytes = g_inet_address_to_bytes (addr);
  gboolean covered = FALSE, valid = FALSE, origin_seen = FALSE;

  for (guint i = 0; i < self->vrps->len; i++)
    {
      const MamoriVrp *vrp = &g_array_index (self->vrps, MamoriVrp, i);

      if (vrp->family != family || !prefix_covers (vrp->addr, vrp->prefix_len, bytes, len))
        continue;
      covered = TRUE;
      if (covering != NULL && covering->len < 32)
        {
          g_autoptr(GInetAddress) net = g_inet_address_new_from_bytes (
            vrp->addr, family == 4 ? G_SOCKET_FAMILY_IPV4 : G_SOCKET_FAMILY_IPV6);
          g_autofree char *net_str = g_inet_address_to_string (net);

          g_ptr_array_add (covering, g_strdup_printf ("%s/%u-%u AS%u", net_str, vrp->prefix_len,
                                                      vrp->max_len, vrp->asn));
        }
      /* AS0 VRPs never match (RFC 6483 §4). */
      if (vrp->asn == origin_asn && origin_asn != 0)
        {
          origin_seen = TRUE;
          if (len <= vrp->max_len)
            valid = TRUE;
        }
    }

  if (reason != NULL)
    *reason = MAMORI_ROV_REASON_NONE;
  if (valid)
    return MAMORI_ROV_VALID;
  if (!covered)
    return MAMORI_ROV_NOT_FOUND;
  if (reason != NULL)
    *reason = origin_seen ? MAMORI_ROV_REASON_TOO_SPECIFIC : MAMORI_ROV_REASON_WRONG_ORIGIN;
  return MAMORI_ROV_INVALID;
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "mamori-error.h"
#include "mamori-rpki.h"
#include "mamori-rtr.h"

static MamoriVrpSet *
load_fixture (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fixtures", "rpki", "vrps.json", NULL);
  MamoriVrpSet *set = mamori_vrp_set_new_from_file (path, &error);

  g_assert_no_error (error);
  return set;
}

static void
test_validate (void)
{
  static const struct {
    const char      *route;
    guint32          asn;
    MamoriRovState   state;
    MamoriRovReason  reason;
  } cases[] = {
    { "192.0.2.0/24", 64500, MAMORI_ROV_VALID, MAMORI_ROV_REASON_NONE },
    { "192.0.2.0/24", 64501, MAMORI_ROV_INVALID, MAMORI_ROV_REASON_WRONG_ORIGIN },
    { "192.0.2.0/25", 64500, MAMORI_ROV_INVALID, MAMORI_ROV_REASON_TOO_SPECIFIC },
    { "198.51.100.0/24", 64501, MAMORI_ROV_INVALID, MAMORI_ROV_REASON_WRONG_ORIGIN },
    { "198.51.100.0/24", 64999, MAMORI_ROV_VALID, MAMORI_ROV_REASON_NONE },
    { "203.0.113.128/25", 64502, MAMORI_ROV_INVALID, MAMORI_ROV_REASON_TOO_SPECIFIC },
    { "203.0.0.0/16", 64502, MAMORI_ROV_NOT_FOUND, MAMORI_ROV_REASON_NONE },   /* less specific */
    { "100.64.0.0/24", 64504, MAMORI_ROV_NOT_FOUND, MAMORI_ROV_REASON_NONE },
    { "2001:db8:1::/48", 64503, MAMORI_ROV_VALID, MAMORI_ROV_REASON_NONE },
    { "2001:db8:1:2::/64", 64503, MAMORI_ROV_INVALID, MAMORI_ROV_REASON_TOO_SPECIFIC },
    { "2001:db9::/32", 64503, MAMORI_ROV_NOT_FOUND, MAMORI_ROV_REASON_NONE },
    /* An AS0 ROA covers but never validates (RFC 6483 §4), not even for origin 0. */
    { "10.1.0.0/16", 0, MAMORI_ROV_INVALID, MAMORI_ROV_REASON_WRONG_ORIGIN },
    /* Host bits are cleared, as routers do. */
    { "192.0.2.77/24", 64500, MAMORI_ROV_VALID, MAMORI_ROV_REASON_NONE },
  };
  g_autoptr(MamoriVrpSet) set = load_fixture ();

  g_assert_cmpuint (mamori_vrp_set_get_size (set), ==, 5);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GInetAddressMask) route = mamori_rpki_parse_prefix (cases[i].route, &error);
      g_autoptr(GPtrArray) covering = g_ptr_array_new_with_free_func (g_free);
      MamoriRovReason reason;

      g_test_message ("route %s AS%u", cases[i].route, cases[i].asn);
      g_assert_no_error (error);
      g_assert_cmpint (mamori_vrp_set_validate (set, route, cases[i].asn, &reason, covering), ==,
                       cases[i].state);
      g_assert_cmpint (reason, ==, cases[i].reason);
      g_assert_cmpuint (covering->len > 0, ==, cases[i].state != MAMORI_ROV_NOT_FOUND);
    }
}

static void
test_vrp_json_bad (void)
{
  static const char *inputs[] = {
    "",
    "[]",
    "{\"roas\": 5}",
    "{\"roas\": [{\"prefix\": \"192.0.2.0/24\", \"maxLength\": 24}]}",
    "{\"roas\": [{\"prefix\": \"192.0.2.0/24\", \"maxLength\": 16, \"asn\": 1}]}",
    "{\"roas\": [{\"prefix\": \"192.0.2.0/24\", \"maxLength\": 33, \"asn\": 1}]}",
    "{\"roas\": [{\"prefix\": \"not-a-prefix\", \"maxLength\": 24, \"asn\": 1}]}",
    "{\"roas\": [{\"prefix\": \"192.0.2.0/24\", \"maxLength\": 24, \"asn\": \"ASX\"}]}",
    "{\"roas\": [{\"prefix\": \"192.0.2.0/24\", \"maxLength\": 24, \"asn\": 4294967296}]}",
    "{\"roas\": [{\"prefix\": [1], \"maxLength\": 24, \"asn\": 1}]}",
    "{\"roas\": [null]}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (inputs); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(MamoriVrpSet) set = mamori_vrp_set_new_from_json_data (inputs[i], strlen (inputs[i]),
                                                                       &error);
      g_test_message ("input %s", inputs[i]);
      g_assert_null (set);
      g_assert_error (error, MAMORI_ERROR, MAMORI_ERROR_INVALID_INPUT);
    }
}

/* --- RTR ------------------------------------------------------------------------------- */

static void
put16 (GByteArray *b, guint16 v)
{
  guint8 x[2] = { v >> 8, v & 0xff };
  g_byte_array_append (b, x, 2);
}

static void
put32 (GByteArray *b, guint32 v)
{
  guint8 x[4] = { v >> 24, (v >> 16) & 0xff, (v >> 8) & 0xff, v & 0xff };
  g_byte_array_append (b, x, 4);
}

static void
header (GByteArray *b, guint8 version, guint8 type, guint16 session, guint32 len)
{
  g_byte_array_append (b, &version, 1);
  g_byte_array_append (b, &type, 1);
  put16 (b, session);
  put32 (b, len);
}

static void
ipv4_prefix (GByteArray *b, guint8 version, guint8 flags, guint8 plen, guint8 maxlen,
             guint32 addr, guint32 asn)
{
  guint8 x[4] = { flags, plen, maxlen, 0 };

  header (b, version, 4, 0, 20);
  g_byte_array_append (b, x, 4);
  put32 (b, addr);
  put32 (b, asn);
}

static GByteArray *
good_stream (guint8 version)
{
  GByteArray *b = g_byte_array_new ();

  header (b, version, 3, 4242, 8);                               /* Cache Response */
  ipv4_prefix (b, version, 1, 24, 24, 0xc0000200, 64500);        /* 192.0.2.0/24 */
  ipv4_prefix (b, version, 1, 16, 24, 0xc6330000, 64501);
  ipv4_prefix (b, version, 0, 16, 24, 0x0a000000, 1);            /* a withdrawal: ignored */
  {
    static const guint8 v6[16] = { 0x20, 0x01, 0x0d, 0xb8 };
    guint8 x[4] = { 1, 32, 48, 0 };

    header (b, version, 6, 0, 32);
    g_byte_array_append (b, x, 4);
    g_byte_array_append (b, v6, 16);
    put32 (b, 64503);
  }
  if (version == 1)
    {
      header (b, version, 9, 0, 8 + 20 + 4 + 4);                 /* Router Key: skipped */
      for (guint i = 0; i < 28; i++)
        g_byte_array_append (b, (guint8 *) "\0", 1);
      header (b, version, 7, 4242, 24);                          /* End of Data */
      put32 (b, 17);
      put32 (b, 3600);
      put32 (b, 600);
      put32 (b, 7200);
    }
  else
    {
      header (b, version, 7, 4242, 12);
      put32 (b, 17);
    }
  return b;
}

static void
test_rtr_good_any_split (void)
{
  for (guint8 version = 0; version <= 1; version++)
    {
      g_autoptr(GByteArray) stream = good_stream (version);

      /* The same stream fed whole, byte by byte, and in odd chunks. */
      for (guint chunk = 1; chunk <= stream->len; chunk = chunk == 1 ? 7 : chunk * 3)
        {
          g_autoptr(MamoriRtrParser) parser = mamori_rtr_parser_new (version);
          g_autoptr(GError) error = NULL;
          MamoriRtrStatus status = MAMORI_RTR_NEED_MORE;
          g_autoptr(GInetAddressMask) route = mamori_rpki_parse_prefix ("192.0.2.0/24", NULL);

          for (guint off = 0; off < stream->len && status == MAMORI_RTR_NEED_MORE; off += chunk)
            status = mamori_rtr_parser_feed (parser, stream->data + off,
                                             MIN (chunk, stream->len - off), &error);
          g_assert_no_error (error);
          g_assert_cmpint (status, ==, MAMORI_RTR_DONE);
          g_assert_cmpuint (mamori_vrp_set_get_size (mamori_rtr_parser_get_vrps (parser)), ==, 3);
          g_assert_cmpuint (mamori_rtr_parser_get_serial (parser), ==, 17);
          g_assert_cmpint (mamori_vrp_set_validate (mamori_rtr_parser_get_vrps (parser), route,
                                                    64500, NULL, NULL), ==, MAMORI_ROV_VALID);
        }
    }
}

static void
test_rtr_bad (void)
{
  static const struct {
    const char *name;
    guint8      bytes[48];
    guint       len;
  } cases[] = {
    { "length below header", { 1, 3, 0, 0, 0, 0, 0, 4 }, 8 },
    { "huge length", { 1, 3, 0, 0, 0x7f, 0xff, 0xff, 0xff }, 8 },
    { "prefix before response", { 1, 4, 0, 0, 0, 0, 0, 20, 1, 24, 24, 0, 192, 0, 2, 0, 0, 0, 0, 1 }, 20 },
    { "cache reset", { 1, 8, 0, 0, 0, 0, 0, 8 }, 8 },
    { "unknown type", { 1, 3, 0, 1, 0, 0, 0, 8, 1, 99, 0, 0, 0, 0, 0, 8 }, 16 },
    { "maxlen below plen", { 1, 3, 0, 1, 0, 0, 0, 8, 1, 4, 0, 0, 0, 0, 0, 20, 1, 24, 16, 0, 192, 0, 2, 0, 0, 0, 0, 1 }, 28 },
    { "plen over 32", { 1, 3, 0, 1, 0, 0, 0, 8, 1, 4, 0, 0, 0, 0, 0, 20, 1, 40, 40, 0, 192, 0, 2, 0, 0, 0, 0, 1 }, 28 },
    { "end of data wrong session", { 1, 3, 0, 1, 0, 0, 0, 8, 1, 7, 0, 2, 0, 0, 0, 24 }, 16 },
    { "version changes", { 1, 3, 0, 1, 0, 0, 0, 8, 2, 4, 0, 0, 0, 0, 0, 20 }, 28 },
    { "no data error", { 1, 10, 0, 2, 0, 0, 0, 16, 0, 0, 0, 0, 0, 0, 0, 0 }, 16 },
    { "error text overruns", { 1, 10, 0, 1, 0, 0, 0, 16, 0, 0, 0, 0, 0, 0, 0, 99 }, 16 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(MamoriRtrParser) parser = mamori_rtr_parser_new (1);
      g_autoptr(GError) error = NULL;
      g_autoptr(GByteArray) stream = g_byte_array_new ();
      MamoriRtrStatus status;

      g_test_message ("case: %s", cases[i].name);
      g_byte_array_append (stream, cases[i].bytes, cases[i].len);
      if (g_str_equal (cases[i].name, "end of data wrong session"))
        for (guint j = 0; j < 16; j++)
          g_byte_array_append (stream, (guint8 *) "\0", 1);
      status = mamori_rtr_parser_feed (parser, stream->data, stream->len, &error);
      g_assert_cmpint (status, ==, MAMORI_RTR_FAILED);
      g_assert_nonnull (error);
    }
}

static void
test_rtr_downgrade (void)
{
  g_autoptr(MamoriRtrParser) parser = mamori_rtr_parser_new (1);
  g_autoptr(GByteArray) b = g_byte_array_new ();
  g_autoptr(GError) error = NULL;

  /* Error Report "Unsupported Protocol Version" with the query encapsulated. */
  header (b, 0, 10, 4, 8 + 4 + 8 + 4);
  put32 (b, 8);
  header (b, 1, 2, 0, 8);
  put32 (b, 0);
  g_assert_cmpint (mamori_rtr_parser_feed (parser, b->data, b->len, &error), ==,
                   MAMORI_RTR_DOWNGRADE);
  g_assert_no_error (error);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/mamori/probe/rpki/validate", test_validate);
  g_test_add_func ("/mamori/probe/rpki/vrp-json-bad", test_vrp_json_bad);
  g_test_add_func ("/mamori/probe/rtr/good-any-split", test_rtr_good_any_split);
  g_test_add_func ("/mamori/probe/rtr/bad", test_rtr_bad);
  g_test_add_func ("/mamori/probe/rtr/downgrade", test_rtr_downgrade);
  return g_test_run ();
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "mamori-message.h"

static void
test_render (void)
{
  static const struct {
    const char *msgid;
    const char *params[3];
    const char *expected;
  } cases[] = {
    { "plain", { NULL }, "plain" },
    { "a {0} b", { "X", NULL }, "a X b" },
    { "{1} before {0}", { "first", "second", NULL }, "second before first" },
    { "missing {3} param", { "x", NULL }, "missing  param" },
    { "literal {{0} brace", { "x", NULL }, "literal {0} brace" },
    { "unterminated {0", { "x", NULL }, "unterminated {0" },
    { "not a number {x}", { "x", NULL }, "not a number {x}" },
    /* A parameter that looks like a format must stay inert. */
    { "record {0}", { "%s%n{0}", NULL }, "record %s%n{0}" },
    { "", { NULL }, "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *out = mamori_message_render (cases[i].msgid, cases[i].params);
      g_assert_cmpstr (out, ==, cases[i].expected);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/mamori/core/message/render", test_render);
  return g_test_run ();
}

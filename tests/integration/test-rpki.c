/* SPDX-License-Identifier: GPL-3.0-or-later */
/* domain.rpki against real servers: the DNS lab (IP-to-ASN zone, the organisation's zone), a
 * stayrtr RTR cache fed a VRP file, a RIPEstat-shaped fixture server, and misbehaving caches. */
#include "config.h"

#include "mamori-check-registry.h"
#include "mamori-check-runner.h"
#include "mamori-test-utils.h"

static char *vrp_file;
static char *fixture_server;
static char *ripestat_fixture;

typedef struct {
  const char   *address;
  MamoriStatus  status;
  const char   *state;   /* evidence "state", NULL for info/error rows */
} Expect;

static const Expect expected[] = {
  { "192.0.2.10", MAMORI_STATUS_PASS, "valid" },
  { "2001:db8:1::10", MAMORI_STATUS_PASS, "valid" },
  { "198.51.100.20", MAMORI_STATUS_FAIL, "invalid" },
  { "203.0.113.130", MAMORI_STATUS_FAIL, "invalid" },
  { "100.64.0.5", MAMORI_STATUS_WARN, "not-found" },
  { "127.0.0.1", MAMORI_STATUS_INFO, NULL },
};

static GPtrArray *
run_rpki (MamoriCheckOptions *options)
{
  g_autoptr(MamoriCheckRegistry) registry = mamori_check_registry_new_builtin ();
  g_autoptr(MamoriCheckRunner) runner = NULL;
  g_autoptr(MamoriProfile) profile = mamori_profile_new ("RPKI test", MAMORI_ORG_KIND_SME);
  g_autoptr(GError) error = NULL;
  GPtrArray *findings;

  options->only = g_strsplit ("domain.rpki", ",", -1);
  mamori_check_options_set_api_base (options, "asn-zone", "origin.cymru.test");
  mamori_check_options_set_api_base (options, "asn6-zone", "origin6.cymru.test");
  mamori_profile_add_domain (profile, "rpki-org.test");
  runner = mamori_check_runner_new (registry, options);
  findings = mamori_check_runner_run (runner, profile, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  return findings;
}

static MamoriFinding *
find_subject (GPtrArray  *findings,
              const char *subject)
{
  for (guint i = 0; i < findings->len; i++)
    {
      MamoriFinding *f = g_ptr_array_index (findings, i);

      if (g_str_equal (mamori_finding_get_subject (f), subject))
        return f;
    }
  return NULL;
}

static void
assert_verdicts (GPtrArray  *findings,
                 const char *source)
{
  g_assert_cmpuint (findings->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      MamoriFinding *f = find_subject (findings, expected[i].address);
      JsonObject *evidence;

      g_test_message ("%s via %s", expected[i].address, source);
      g_assert_nonnull (f);
      g_assert_cmpstr (mamori_status_to_string (mamori_finding_get_status (f)), ==,
                       mamori_status_to_string (expected[i].status));
      if (expected[i].state == NULL)
        continue;
      evidence = mamori_finding_get_evidence (f);
      g_assert_cmpstr (json_object_get_string_member (evidence, "state"), ==, expected[i].state);
      g_assert_cmpstr (json_object_get_string_member (evidence, "vrp_source"), ==, source);
      if (expected[i].status == MAMORI_STATUS_FAIL || expected[i].status == MAMORI_STATUS_WARN)
        g_assert_nonnull (mamori_finding_get_remediation_id (f));
    }
}

/* Starts a fixture server and returns its port (it prints the port first). */
static GSubprocess *
start_fixture (const char *kind,
               const char *arg,
               guint16    *port)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autofree char *line = NULL;
  GSubprocess *proc;
  guint64 value = 0;

  proc = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, "python3", fixture_server,
                           kind, arg, NULL);
  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (proc));
  line = g_data_input_stream_read_line (out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  g_assert_true (g_ascii_string_to_unsigned (line, 10, 1, 65535, &value, NULL));
  *port = (guint16) value;
  return proc;
}

static guint16
free_port (void)
{
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                            G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr(GInetAddress) lo = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (lo, 0);
  g_autoptr(GSocketAddress) bound = NULL;

  g_assert_true (g_socket_bind (socket, any, FALSE, NULL));
  bound = g_socket_get_local_address (socket, NULL);
  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

static void
wait_for_port (guint16 port)
{
  gint64 deadline = g_get_monotonic_time () + 15 * G_TIME_SPAN_SECOND;

  /* A readiness poll with a hard bound, not a timing assumption. */
  while (g_get_monotonic_time () < deadline)
    {
      g_autoptr(GSocketClient) client = g_socket_client_new ();
      g_autoptr(GSocketConnection) conn = NULL;
      g_autofree char *host = g_strdup_printf ("127.0.0.1:%u", port);

      conn = g_socket_client_connect_to_host (client, host, 0, NULL, NULL);
      if (conn != NULL)
        return;
      g_usleep (20 * 1000);
    }
  g_error ("the RTR cache on port %u never came up", port);
}

static void
stop (GSubprocess *proc)
{
  g_subprocess_force_exit (proc);
  g_subprocess_wait (proc, NULL, NULL);
  g_object_unref (proc);
}

static void
test_vrp_file (void)
{
  g_autoptr(MamoriCheckOptions) options = mamori_test_lab_options ();
  g_autoptr(GPtrArray) findings = NULL;

  options->vrp_file = g_strdup (vrp_file);
  findings = run_rpki (options);
  assert_verdicts (findings, "vrp-file");
}

static void
test_rtr_stayrtr (void)
{
  g_autoptr(MamoriCheckOptions) options = mamori_test_lab_options ();
  g_autoptr(GPtrArray) findings = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *bind = NULL;
  guint16 port = free_port ();
  GSubprocess *stayrtr;

  bind = g_strdup_printf ("127.0.0.1:%u", port);
  stayrtr = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE,
                              &error, "stayrtr", "-cache", vrp_file, "-bind", bind,
                              "-checktime=false", "-metrics.addr", "127.0.0.1:0", "-refresh", "3600",
                              NULL);
  g_assert_no_error (error);
  wait_for_port (port);

  options->rtr = g_strdup (bind);
  findings = run_rpki (options);
  stop (stayrtr);
  assert_verdicts (findings, "rtr");
}

static void
test_ripestat (void)
{
  g_autoptr(MamoriCheckOptions) options = mamori_test_lab_options ();
  g_autoptr(GPtrArray) findings = NULL;
  g_autofree char *base = NULL;
  guint16 port;
  GSubprocess *server = start_fixture ("ripestat", ripestat_fixture, &port);

  base = g_strdup_printf ("http://127.0.0.1:%u", port);
  mamori_check_options_set_api_base (options, "ripestat", base);
  findings = run_rpki (options);
  stop (server);
  assert_verdicts (findings, "ripestat");
}

/* A misbehaving cache makes the whole check "could not decide", never pass or fail. */
static void
test_rtr_misbehaving (void)
{
  static const char *modes[] = { "reset", "garbage", "nodata", "truncated", "stall" };

  for (guint i = 0; i < G_N_ELEMENTS (modes); i++)
    {
      g_autoptr(MamoriCheckOptions) options = mamori_test_lab_options ();
      g_autoptr(GPtrArray) findings = NULL;
      guint16 port;
      GSubprocess *server = start_fixture ("rtr", modes[i], &port);
      MamoriFinding *f;

      g_test_message ("RTR cache mode %s", modes[i]);
      options->rtr = g_strdup_printf ("127.0.0.1:%u", port);
      options->timeout_ms = 500;
      findings = run_rpki (options);
      stop (server);
      g_assert_cmpuint (findings->len, ==, 1);
      f = g_ptr_array_index (findings, 0);
      g_assert_cmpint (mamori_finding_get_status (f), ==, MAMORI_STATUS_ERROR);
      g_assert_nonnull (strstr (mamori_finding_get_message_params (f)[0], "RPKI cache"));
    }
}

static void
test_ripestat_hostile (void)
{
  static const char *modes[] = { "garbage", "wrongtype", "status500", "huge" };

  for (guint i = 0; i < G_N_ELEMENTS (modes); i++)
    {
      g_autoptr(MamoriCheckOptions) options = mamori_test_lab_options ();
      g_autoptr(GPtrArray) findings = NULL;
      g_autofree char *base = NULL;
      guint16 port;
      GSubprocess *server = start_fixture ("hostile", modes[i], &port);

      g_test_message ("RIPEstat mode %s", modes[i]);
      base = g_strdup_printf ("http://127.0.0.1:%u", port);
      mamori_check_options_set_api_base (options, "ripestat", base);
      findings = run_rpki (options);
      stop (server);
      for (guint j = 0; j < findings->len; j++)
        {
          MamoriFinding *f = g_ptr_array_index (findings, j);
          MamoriStatus status = mamori_finding_get_status (f);

          /* Only the unannounced name server is decided without RIPEstat. */
          if (g_str_equal (mamori_finding_get_subject (f), "127.0.0.1"))
            g_assert_cmpint (status, ==, MAMORI_STATUS_INFO);
          else
            g_assert_cmpint (status, ==, MAMORI_STATUS_ERROR);
        }
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  vrp_file = g_test_build_filename (G_TEST_DIST, "fixtures", "rpki", "vrps.json", NULL);
  ripestat_fixture = g_test_build_filename (G_TEST_DIST, "fixtures", "rpki", "ripestat.json", NULL);
  fixture_server = g_test_build_filename (G_TEST_DIST, "lab", "fixture-server.py", NULL);
  g_test_add_func ("/mamori/domain/rpki/vrp-file", test_vrp_file);
  g_test_add_func ("/mamori/domain/rpki/rtr-stayrtr", test_rtr_stayrtr);
  g_test_add_func ("/mamori/domain/rpki/ripestat", test_ripestat);
  g_test_add_func ("/mamori/domain/rpki/rtr-misbehaving", test_rtr_misbehaving);
  g_test_add_func ("/mamori/domain/rpki/ripestat-hostile", test_ripestat_hostile);
  return g_test_run ();
}

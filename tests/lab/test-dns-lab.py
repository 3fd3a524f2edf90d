#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Tests of tests/lab/dns-lab.py itself (TAP): every `; lab:` directive gives the DNSSEC
state it promises through the validating unbound, and the lab never leaves servers or its
directory behind, whatever happens to the command it runs or to the lab itself."""

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
LAB = os.path.join(HERE, 'dns-lab.py')

ZONES = {
    'secure': '; lab: sign=ecdsap256\n@ IN TXT "secure"\n',
    'ed': '; lab: sign=ed25519\n@ IN TXT "ed25519"\n',
    'rsa1': '; lab: sign=rsasha1\n@ IN TXT "rsasha1"\n',
    'bogus': '; lab: ds=bogus\n@ IN TXT "bogus"\n',
    'island': '; lab: ds=none\n@ IN TXT "island"\n',
    'unsigned': '; lab: sign=unsigned\n@ IN TXT "unsigned"\n',
    'expired': '; lab: expired\n@ IN TXT "expired"\n',
    'future': '; lab: not-yet-valid\n@ IN TXT "future"\n',
    'expiring': '; lab: expiring-days=3\n@ IN TXT "expiring"\n',
    'sha1ds': '; lab: ds-digest=sha1\n@ IN TXT "sha1"\n',
    'n3': '; lab: nsec3 iterations=10 salt=abcd   ; a comment\n@ IN TXT "nsec3"\n',
    'lame': '; lab: lame\n@ IN TXT "lame"\n',
    'origin': '@ IN TXT "@ORIGIN@"\nsub IN NS ns1.test.\n',
}

results = []


def tap(ok, name, detail=''):
    results.append(ok)
    print('%s %d %s' % ('ok' if ok else 'not ok', len(results), name), flush=True)
    if not ok and detail:
        for line in str(detail).splitlines():
            print('# ' + line, flush=True)


def kdig(server, *args):
    addr, port = server.rsplit(':', 1)
    proc = subprocess.run(['kdig', '@' + addr, '-p', port, '+time=2', '+retry=0'] + list(args),
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          universal_newlines=True)
    return proc.stdout


def header(output):
    """(status, flags) from kdig's header lines."""
    status, flags = None, ''
    for line in output.splitlines():
        if 'status:' in line:
            status = line.split('status:')[1].split(';')[0].strip()
        if line.startswith(';; Flags:'):
            flags = line.split(';; Flags:')[1].split(';')[0]
    return status, flags.split()


def alive(pid):
    try:
        with open('/proc/%d/stat' % pid) as f:
            return f.read().split(')')[-1].split()[0] != 'Z'
    except OSError:
        return False


def make_zones(zones):
    d = tempfile.mkdtemp(prefix='mamori-lab-test-zones-')
    for name, text in zones.items():
        with open(os.path.join(d, name + '.zone'), 'w') as f:
            f.write(text)
    return d


def wait_for_file(path, proc, timeout=20.0):
    deadline = time.monotonic() + timeout
    while not os.path.exists(path):
        if proc.poll() is not None or time.monotonic() > deadline:
            return False
        time.sleep(0.02)
    return True


def test_directives(zones_dir):
    labdir = tempfile.mkdtemp(prefix='mamori-lab-test-')
    shutil.rmtree(labdir)
    start = subprocess.run([LAB, 'start', '--dir', labdir, '--zones', zones_dir],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           universal_newlines=True)
    tap(start.returncode == 0, 'start --dir builds and starts a lab', start.stderr)
    env = {}
    pids = []
    for line in start.stdout.splitlines():
        if line.startswith('export '):
            key, _, value = line[len('export '):].partition('=')
            env[key] = value
    try:
        tap(set(env) >= {'MAMORI_LAB_RESOLVER', 'MAMORI_LAB_AUTH', 'MAMORI_LAB_TRUST_ANCHOR',
                         'MAMORI_LAB_DIR', 'MAMORI_LAB_LAME_AUTH'},
            'start prints the export lines', start.stdout)
        resolver, auth = env.get('MAMORI_LAB_RESOLVER', ''), env.get('MAMORI_LAB_AUTH', '')

        with open(env.get('MAMORI_LAB_TRUST_ANCHOR', '/dev/null')) as f:
            anchor = f.read().split()
        tap(len(anchor) >= 7 and anchor[0] == '.' and 'DS' in anchor,
            'the trust anchor is the fake root DS in zone-file form', ' '.join(anchor))

        expect = {
            'secure': ('NOERROR', True), 'ed': ('NOERROR', True), 'rsa1': ('NOERROR', True),
            'sha1ds': ('NOERROR', True), 'n3': ('NOERROR', True), 'expiring': ('NOERROR', True),
            'lame': ('NOERROR', True), 'origin': ('NOERROR', True),
            'island': ('NOERROR', False), 'unsigned': ('NOERROR', False),
            'bogus': ('SERVFAIL', False), 'expired': ('SERVFAIL', False),
            'future': ('SERVFAIL', False),
        }
        for name, (status, ad) in sorted(expect.items()):
            out = kdig(resolver, '+dnssec', 'TXT', name + '.test')
            got_status, flags = header(out)
            tap(got_status == status and ('ad' in flags) == ad,
                'through unbound, %s.test is %s%s' % (name, status, ' with AD' if ad else ''),
                out)
            # The authoritative side serves every zone, bogus or not.
            out = kdig(auth, '+norec', 'TXT', name + '.test')
            got_status, flags = header(out)
            tap(got_status == 'NOERROR' and 'aa' in flags,
                'knot answers for %s.test authoritatively' % name, out)

        out = kdig(auth, '+short', 'DS', 'sha1ds.test')
        tap(out.split()[2:3] == ['1'] and len(out.strip().splitlines()) == 1,
            'ds-digest=sha1: the only DS uses digest type 1', out)
        out = kdig(auth, '+short', 'DS', 'secure.test')
        tap(out.split()[1:3] == ['13', '2'], 'default: ECDSA P-256 key, SHA-256 DS', out)
        out = kdig(auth, '+short', 'DS', 'island.test')
        tap(out.strip() == '', 'ds=none: no DS in the parent', out)
        out = kdig(auth, '+short', 'DNSKEY', 'ed.test')
        tap(out.split()[2:3] == ['15'], 'sign=ed25519 gives algorithm 15', out)
        out = kdig(auth, '+short', 'NSEC3PARAM', 'n3.test')
        tap(out.split() == ['1', '0', '10', 'ABCD'] or out.split() == ['1', '0', '10', 'abcd'],
            'nsec3 iterations=10 salt=abcd', out)
        out = kdig(auth, '+dnssec', '+norec', 'TXT', 'nothere.secure.test')
        tap(header(out)[0] == 'NXDOMAIN' and 'NSEC' in out,
            'NXDOMAIN is proven with NSEC', out)
        out = kdig(resolver, '+dnssec', 'RRSIG', 'expiring.test')
        expirations = [w for w in out.split() if len(w) == 14 and w.isdigit()]
        limit = time.strftime('%Y%m%d%H%M%S', time.gmtime(time.time() + 4 * 86400))
        tap(expirations and max(expirations) < limit,
            'expiring-days=3: signatures run out within 4 days', out)
        out = kdig(resolver, '+short', 'TXT', 'origin.test')
        tap(out.strip() == '"origin.test."', '@ORIGIN@ becomes the zone name', out)
        out = kdig(auth, '+short', 'NS', 'origin.test')
        tap(out.strip() == 'ns1.test.', 'a delegation in the file does not replace the apex NS',
            out)
        out = kdig(auth, '+short', 'A', 'ns1.test')
        tap(out.strip() == '127.0.0.1', 'ns1.test has an address', out)

        # Lame: both NS listed, the second address refuses at the lab's port.
        out = kdig(auth, '+short', 'NS', 'lame.test')
        tap(sorted(out.split()) == ['ns-lame.test.', 'ns1.test.'], 'lame: two NS at the apex',
            out)
        out = kdig(env.get('MAMORI_LAB_LAME_AUTH', '127.0.0.2:1'), '+norec', 'SOA', 'lame.test')
        tap(header(out)[0] == 'REFUSED', 'lame: ns-lame.test refuses the zone', out)

        with open(os.path.join(labdir, 'pids')) as f:
            pids = [int(p) for p in f.read().split()]
        tap(len(pids) == 3 and all(alive(p) for p in pids), 'start leaves knot, lame knot and '
            'unbound running', pids)
    finally:
        stop = subprocess.run([LAB, 'stop', '--dir', labdir], stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, universal_newlines=True)
        tap(stop.returncode == 0 and not any(alive(p) for p in pids),
            'stop --dir stops them all', stop.stdout)
        shutil.rmtree(labdir, ignore_errors=True)


def run_lab(zones_dir, script, extra_env=None):
    """Starts `dns-lab.py run -- sh -c script`; the script can write to $OUT."""
    out = tempfile.mkdtemp(prefix='mamori-lab-test-out-')
    env = dict(os.environ)
    env.pop('MAMORI_LAB_KEEP', None)
    env['OUT'] = out
    env.update(extra_env or {})
    proc = subprocess.Popen([LAB, 'run', '--zones', zones_dir, '--', 'sh', '-c', script],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            universal_newlines=True)
    return proc, out


def lab_state(out):
    """pids and directory of the lab that ran, as the command saw them."""
    with open(os.path.join(out, 'pids')) as f:
        pids = [int(p) for p in f.read().split()]
    with open(os.path.join(out, 'dir')) as f:
        labdir = f.read().strip()
    return pids, labdir


RECORD = 'cp "$MAMORI_LAB_DIR/pids" "$OUT/pids.tmp"; echo "$MAMORI_LAB_DIR" > "$OUT/dir"; ' \
         'mv "$OUT/pids.tmp" "$OUT/pids"; '


def test_cleanup(zones_dir):
    cases = [
        ('the command exits 7', RECORD + 'exit 7', None, 7),
        ('the command crashes (SIGSEGV)', RECORD + 'kill -SEGV $$', None, 128 + signal.SIGSEGV),
        ('the lab gets SIGTERM', RECORD + 'exec sleep 60', signal.SIGTERM,
         128 + signal.SIGTERM),
        ('the lab gets SIGINT', RECORD + 'exec sleep 60', signal.SIGINT, 128 + signal.SIGINT),
    ]
    for name, script, sig, expected in cases:
        proc, out = run_lab(zones_dir, script)
        try:
            if sig is not None:
                if wait_for_file(os.path.join(out, 'pids'), proc):
                    proc.send_signal(sig)
            try:
                stdout, stderr = proc.communicate(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
                stdout, stderr = proc.communicate()
            pids, labdir = lab_state(out)
            tap(proc.returncode == expected, '%s: the lab exits %d' % (name, expected),
                'got %s\n%s' % (proc.returncode, stderr))
            tap(pids and not any(alive(p) for p in pids),
                '%s: no server is left running' % name, pids)
            tap(not os.path.exists(labdir), '%s: the lab directory is removed' % name, labdir)
        finally:
            shutil.rmtree(out, ignore_errors=True)

    proc, out = run_lab(zones_dir, RECORD + 'true', {'MAMORI_LAB_KEEP': '1'})
    proc.communicate(timeout=30)
    pids, labdir = lab_state(out)
    tap(proc.returncode == 0 and os.path.isfile(os.path.join(labdir, 'knot.conf')) and
        not any(alive(p) for p in pids), 'MAMORI_LAB_KEEP=1 keeps the directory, stops the servers',
        labdir)
    shutil.rmtree(labdir, ignore_errors=True)
    shutil.rmtree(out, ignore_errors=True)


def test_cache_follows_edits():
    """The key/signature cache must never serve yesterday's zone content."""
    zones_dir = make_zones({'edit': '@ IN TXT "one"\n'})
    try:
        answers = []
        for text in ('one', 'two'):
            with open(os.path.join(zones_dir, 'edit.zone'), 'w') as f:
                f.write('@ IN TXT "%s"\n' % text)
            proc = subprocess.run([LAB, 'run', '--zones', zones_dir, '--', 'sh', '-c',
                                   'kdig @127.0.0.1 -p "${MAMORI_LAB_RESOLVER#*:}" +short '
                                   'TXT edit.test'],
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                  universal_newlines=True)
            answers.append(proc.stdout.strip())
        tap(answers == ['"one"', '"two"'], 'an edited zone is signed again, not taken from '
            'the cache', answers)
    finally:
        shutil.rmtree(zones_dir)


def test_bad_zone():
    zones_dir = make_zones({'typo': '; lab: expird\n@ IN TXT "x"\n'})
    try:
        proc = subprocess.run([LAB, 'run', '--zones', zones_dir, '--', 'true'],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              universal_newlines=True)
        tap(proc.returncode == 99 and 'typo.test.' in proc.stderr and 'expird' in proc.stderr,
            'an unknown directive is a hard error naming the zone', proc.stderr)
    finally:
        shutil.rmtree(zones_dir)


def main():
    if shutil.which('kdig') is None:
        print('1..0 # SKIP kdig (knot-dnsutils) is not installed')
        return 0
    zones_dir = make_zones(ZONES)
    try:
        test_directives(zones_dir)
        test_cleanup(zones_dir)
        test_cache_follows_edits()
        test_bad_zone()
    finally:
        shutil.rmtree(zones_dir, ignore_errors=True)
    print('1..%d' % len(results))
    return 0 if all(results) else 1


if __name__ == '__main__':
    sys.exit(main())

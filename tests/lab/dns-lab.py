#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The Mamori DNS test lab: a signed fake root, a signed fake `test.` TLD and the child
zones in tests/lab/zones/*.zone, served by one knotd on loopback, with a validating
unbound in front of it that trusts the fake root.

    dns-lab.py run [--zones DIR] -- CMD ARGS...   build, start, run CMD, stop, clean up
    dns-lab.py start --dir D [--zones DIR]        build in D, leave the servers running
    dns-lab.py stop --dir D                       stop what `start` left running

`run` exports MAMORI_LAB_RESOLVER, MAMORI_LAB_AUTH, MAMORI_LAB_LAME_AUTH (only when a zone
is lame), MAMORI_LAB_TRUST_ANCHOR and MAMORI_LAB_DIR to CMD and exits with CMD's exit
status. The servers are always stopped, also when CMD crashes or the lab is signalled;
MAMORI_LAB_KEEP=1 keeps the temporary directory for a post-mortem. Conventions for the
zone files: tests/lab/zones/README.md. Python standard library only; Debian's own
/usr/bin/python3, because a version-manager shim in front of `python3` on PATH can cost
more start-up time than the whole lab.
"""

import argparse
import concurrent.futures
import ctypes
import fcntl
import hashlib
import os
import random
import re
import shutil
import signal
import socket
import stat
import struct
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_ZONES = os.path.join(HERE, 'zones')
ADDR = '127.0.0.1'
# The lame name server: same port as knot, another loopback address, serving nothing.
LAME_ADDR = '127.0.0.2'
TTL = 300
READY_TIMEOUT = 10.0
PORT_ATTEMPTS = 3
DAY = 86400

ALGORITHMS = {
    'ecdsap256': ('ECDSAP256SHA256', None),
    'ed25519': ('ED25519', None),
    'rsasha256': ('RSASHA256', '2048'),
    'rsasha1': ('RSASHA1', '2048'),
}


class LabError(Exception):
    pass


class ServerExited(LabError):
    pass


def log(msg):
    print('dns-lab: ' + msg, file=sys.stderr, flush=True)


def find_tool(name):
    # knotd and unbound live in /usr/sbin, which is not on a normal user's PATH.
    path = shutil.which(name) or shutil.which(name, path='/usr/sbin:/usr/local/sbin:/sbin')
    if path is None:
        raise LabError('%s is not installed (run scripts/install-deps.sh)' % name)
    return path


# --- zone descriptions ------------------------------------------------------------------

class Zone:
    def __init__(self, name, text='', directives=None):
        self.name = name                  # absolute, with trailing dot
        self.text = text
        self.sign = 'ecdsap256'
        self.nsec3 = None                 # (iterations, salt or None)
        self.ds = 'normal'                # normal | bogus | none
        self.ds_digest = None             # None (the key's default) | sha1
        self.inception_offset = -3600
        self.expiration_offset = 30 * DAY
        self.lame = False
        self.children = []
        self.ds_records = ''              # what the parent publishes
        for key, value, params in directives or []:
            self._apply(key, value, params)

    def _apply(self, key, value, params):
        where = '%s: "; lab: %s"' % (self.name, key)
        if key == 'sign':
            if value != 'unsigned' and value not in ALGORITHMS:
                raise LabError('%s: unknown algorithm %r' % (where, value))
            self.sign = value
        elif key == 'nsec3':
            iterations = params.get('iterations', '0')
            if not iterations.isdigit():
                raise LabError('%s: iterations must be a number' % where)
            salt = params.get('salt')
            if salt is not None and not re.fullmatch(r'[0-9a-fA-F]+', salt):
                raise LabError('%s: salt must be hex' % where)
            self.nsec3 = (int(iterations), salt)
        elif key == 'ds':
            if value not in ('bogus', 'none'):
                raise LabError('%s: ds must be bogus or none' % where)
            self.ds = value
        elif key == 'ds-digest':
            if value != 'sha1':
                raise LabError('%s: ds-digest must be sha1' % where)
            self.ds_digest = value
        elif key == 'expired':
            self.inception_offset, self.expiration_offset = -14 * DAY, -7 * DAY
        elif key == 'not-yet-valid':
            self.inception_offset, self.expiration_offset = 7 * DAY, 37 * DAY
        elif key == 'expiring-days':
            if value is None or not value.isdigit():
                raise LabError('%s: expiring-days needs a number of days' % where)
            self.expiration_offset = int(value) * DAY
        elif key == 'lame':
            self.lame = True
        else:
            raise LabError('%s: unknown directive' % where)

    @property
    def file_stem(self):
        return 'root' if self.name == '.' else self.name.rstrip('.')


DIRECTIVE = re.compile(r'^\s*;\s*lab:\s*(.*)$')


def parse_directives(text):
    out = []
    for line in text.splitlines():
        m = DIRECTIVE.match(line)
        if not m:
            continue
        # Everything after a second ';' or '(' is a human comment on the directive.
        words = re.split(r'[;(]', m.group(1), 1)[0].split()
        if not words:
            continue
        key, _, value = words[0].partition('=')
        params = {}
        for w in words[1:]:
            k, _, v = w.partition('=')
            params[k] = v
        out.append((key, value or None, params))
    return out


def load_child_zones(zones_dir):
    zones = []
    for entry in sorted(os.listdir(zones_dir)):
        if not entry.endswith('.zone'):
            continue
        label = entry[:-len('.zone')]
        if not re.fullmatch(r'[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*',
                            label):
            raise LabError('%s: the file name must be a lower-case DNS name' % entry)
        with open(os.path.join(zones_dir, entry), encoding='utf-8') as f:
            text = f.read()
        zones.append(Zone(label + '.test.', text, parse_directives(text)))
    return zones


def has_apex_record(text, rrtype, origin):
    """Whether the zone text has an rrtype record at its apex (owner @ or the origin);
    an NS further down is a delegation, not the zone's own NS set."""
    owners = r'(@|%s)' % re.escape(origin)
    pattern = re.compile(r'^%s(\s+\d+)?(\s+IN)?(\s+\d+)?\s+%s(\s|$)' % (owners, rrtype),
                         re.IGNORECASE)
    for line in text.splitlines():
        if pattern.match(line.split(';', 1)[0]):
            return True
    return False


def zone_source(zone):
    """Zone-file text for one zone, SOA/NS added, before signing."""
    head = ['$ORIGIN %s' % zone.name, '$TTL %d' % TTL]
    body = zone.text.replace('@ORIGIN@', zone.name)
    if not has_apex_record(body, 'SOA', zone.name):
        # Negative TTL 60: NXDOMAIN for a name a test adds later is not cached for long.
        head.append('@ IN SOA ns1.test. hostmaster.test. 1 3600 600 86400 60')
    if not has_apex_record(body, 'NS', zone.name):
        head.append('@ IN NS ns1.test.')
        if zone.lame:
            head.append('@ IN NS ns-lame.test.')
    lines = head + [body]
    for child in zone.children:
        rel = child.name
        lines.append('%s IN NS ns1.test.' % rel)
        if child.lame:
            lines.append('%s IN NS ns-lame.test.' % rel)
        if child.ds_records:
            lines.append(child.ds_records)
    return '\n'.join(lines) + '\n'


# --- building ------------------------------------------------------------------------------

def run_tool(argv, cwd):
    proc = subprocess.run(argv, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          universal_newlines=True)
    if proc.returncode != 0:
        raise LabError('%s failed (%d): %s' % (' '.join(argv), proc.returncode,
                                               proc.stderr.strip() or proc.stdout.strip()))
    return proc.stdout


def lab_cache():
    """The directory that keeps keys and signed zones between labs, or None.

    Every integration test starts its own lab and there are many zones: generating and
    signing all of them each time would cost seconds. Keys are reused per zone name and
    algorithm; a signed zone is reused when its source text, key and validity times (which
    move in steps of an hour) are the same. MAMORI_LAB_CACHE=DIR moves it, =0 turns it off."""
    path = os.environ.get('MAMORI_LAB_CACHE', '')
    if path == '0':
        return None
    if not path:
        path = os.path.join(tempfile.gettempdir(), 'mamori-lab-cache-%d' % os.getuid())
    try:
        os.makedirs(path, mode=0o700, exist_ok=True)
        st = os.lstat(path)
    except OSError:
        return None
    # In a shared /tmp, only use a directory that is really ours.
    if not stat.S_ISDIR(st.st_mode) or st.st_uid != os.getuid():
        return None
    return path


def cache_key(*parts):
    return hashlib.sha256('\0'.join(str(p) for p in parts).encode('utf-8')).hexdigest()[:32]


def keygen(zone, workdir, cache):
    """Makes the zone's key (one key with the SEP bit signs everything, a CSK); returns its
    base path (K<name>+<alg>+<id>, with .key, .private and .ds next to it)."""
    if zone.sign == 'unsigned':
        return None
    algorithm, bits = ALGORITHMS[zone.sign]
    argv = [find_tool('ldns-keygen'), '-a', algorithm, '-k']
    if bits:
        argv += ['-b', bits]
    argv.append(zone.name)
    if cache is None:
        return os.path.join(workdir, run_tool(argv, workdir).strip())

    final = os.path.join(cache, 'keys', cache_key(zone.name, algorithm, bits))
    if not os.path.isfile(os.path.join(final, 'name')):
        os.makedirs(os.path.dirname(final), exist_ok=True)
        tmp = tempfile.mkdtemp(dir=os.path.dirname(final), prefix='new-')
        base = run_tool(argv, tmp).strip()
        with open(os.path.join(tmp, 'name'), 'w') as f:
            f.write(base)
        try:
            os.rename(tmp, final)
        except OSError:
            # Another lab made the same key at the same moment: use theirs.
            shutil.rmtree(tmp, ignore_errors=True)
    with open(os.path.join(final, 'name')) as f:
        return os.path.join(final, f.read().strip())


def ds_for(zone, key, workdir):
    if key is None or zone.ds == 'none':
        return ''
    if zone.ds_digest == 'sha1':
        text = run_tool([find_tool('ldns-key2ds'), '-n', '-1', key + '.key'], workdir)
    else:
        with open(key + '.ds') as f:
            text = f.read()
    records = []
    for line in text.splitlines():
        fields = line.split()
        if len(fields) < 7 or fields[2] != 'DS' and fields[3] != 'DS':
            continue
        if zone.ds == 'bogus':
            # Same key tag and algorithm, digest of some other key: a chain that breaks.
            digest = fields[-1]
            fields[-1] = ''.join('%x' % ((int(c, 16) + 1) % 16) for c in digest)
        records.append('\t'.join(fields))
    return '\n'.join(records)


def sign(zone, key, workdir, now, cache):
    """Writes <stem>.signed (or the unsigned text) and returns its path."""
    text = zone_source(zone)
    source = os.path.join(workdir, zone.file_stem + '.zone')
    with open(source, 'w', encoding='utf-8') as f:
        f.write(text)
    out = os.path.join(workdir, zone.file_stem + '.signed')
    if key is None:
        shutil.copyfile(source, out)
        return out
    # now is the start of the hour: inceptions move back to it, expirations forward to its
    # end, so `expiring-days=3` always means at least 3 days (and less than 3 days + 1 h).
    options = ['-o', zone.name, '-i', str(now + zone.inception_offset),
               '-e', str(now + 3600 + zone.expiration_offset)]
    if zone.nsec3 is not None:
        iterations, salt = zone.nsec3
        options += ['-n', '-a', '1', '-t', str(iterations)]
        if salt:
            options += ['-s', salt]
    argv = [find_tool('ldns-signzone')] + options + ['-f', out, source, key]

    cached = None
    if cache is not None:
        cached = os.path.join(cache, 'signed', cache_key(text, key, *options) + '.signed')
        try:
            shutil.copyfile(cached, out)
            return out
        except FileNotFoundError:
            pass
    run_tool(argv, workdir)
    if cached is not None:
        os.makedirs(os.path.dirname(cached), exist_ok=True)
        tmp = '%s.%d.tmp' % (cached, os.getpid())
        shutil.copyfile(out, tmp)
        os.replace(tmp, cached)
    return out


def prune_cache(cache, now):
    """Signed zones are keyed by the hour; drop the ones no lab will ask for again."""
    directory = os.path.join(cache, 'signed')
    try:
        entries = os.listdir(directory)
    except OSError:
        return
    for entry in entries:
        path = os.path.join(directory, entry)
        try:
            if os.stat(path).st_mtime < now - 2 * 3600:
                os.unlink(path)
        except OSError:
            pass


def build_zones(workdir, zones_dir):
    """Keys and signatures for the children, test. and the root; returns the zone list,
    root first, and the fake root's DS text."""
    keydir = os.path.join(workdir, 'keys')
    os.makedirs(keydir)
    cache = lab_cache()
    # Whole hours: signatures made within the same hour are the same, so they can be reused.
    now = int(time.time()) // 3600 * 3600
    children = load_child_zones(zones_dir)
    tld = Zone('test.', TEST_ZONE)
    tld.children = children
    root = Zone('.', ROOT_ZONE)
    root.children = [tld]
    everything = [root, tld] + children

    with concurrent.futures.ThreadPoolExecutor(max_workers=max(4, os.cpu_count() or 2)) as pool:
        keys = dict(zip([z.name for z in everything],
                        pool.map(lambda z: keygen(z, keydir, cache), everything)))

        def child_job(z):
            z.ds_records = ds_for(z, keys[z.name], keydir)
            sign(z, keys[z.name], workdir, now, cache)
        list(pool.map(child_job, children))
    # The parents need their children's DS, so they come after.
    tld.ds_records = ds_for(tld, keys[tld.name], keydir)
    sign(tld, keys[tld.name], workdir, now, cache)
    sign(root, keys[root.name], workdir, now, cache)
    root_ds = ds_for(root, keys[root.name], keydir)
    if cache is not None:
        prune_cache(cache, time.time())
    return everything, root_ds


ROOT_ZONE = """\
@ IN NS ns1.test.
ns1.test. IN A 127.0.0.1
"""

# Names that tests of any check may rely on live here, in the TLD.
TEST_ZONE = """\
ns1 IN A 127.0.0.1
ns-lame IN A 127.0.0.2
"""


# --- servers -------------------------------------------------------------------------------

def reserve_port(port, locks):
    """Reserves port against other labs of this user until we exit. knotd binds its UDP
    socket with SO_REUSEPORT, so two labs' knots could share one port without an error:
    an advisory lock per port keeps concurrently starting labs apart."""
    lock_dir = os.path.join(tempfile.gettempdir(), 'mamori-lab-ports-%d' % os.getuid())
    os.makedirs(lock_dir, exist_ok=True)
    f = open(os.path.join(lock_dir, str(port)), 'a')
    try:
        fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        f.close()
        return False
    locks.append(f)
    return True


def free_port(addresses, locks):
    """A port that is free for UDP and TCP on every address. The kernel picks it; the
    servers bind it a moment later, and a server that then fails to bind makes the lab
    try other ports."""
    for _ in range(50):
        probe = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        try:
            probe.bind((addresses[0], 0))
            port = probe.getsockname()[1]
        finally:
            probe.close()
        try:
            for addr in addresses:
                for kind in (socket.SOCK_STREAM, socket.SOCK_DGRAM):
                    s = socket.socket(socket.AF_INET, kind)
                    try:
                        s.bind((addr, port))
                    finally:
                        s.close()
        except OSError:
            continue
        if reserve_port(port, locks):
            return port
    raise LabError('no free port on %s' % ', '.join(addresses))


def knot_config(workdir, name, addresses, port, zones):
    rundir = os.path.join(workdir, name)
    os.makedirs(rundir, exist_ok=True)
    lines = [
        'server:',
        '  rundir: "%s"' % rundir,
        '  udp-workers: 2',
        '  tcp-workers: 2',
        '  background-workers: 2',
    ]
    lines += ['  listen: %s@%d' % (a, port) for a in addresses]
    lines += [
        'control:',
        '  listen: "%s"' % os.path.join(rundir, 'knot.sock'),
        'database:',
        '  storage: "%s"' % rundir,
        '  journal-db-max-size: 64M',
        '  kasp-db-max-size: 16M',
        '  timer-db-max-size: 16M',
        '  catalog-db-max-size: 16M',
        'log:',
        '  - target: "%s"' % os.path.join(workdir, name + '.log'),
        '    any: info',
        'template:',
        '  - id: default',
        '    storage: "%s"' % workdir,
        # Serve the pre-signed files as they are: no signing, no journal, no flushing back.
        '    dnssec-signing: off',
        '    zonefile-sync: -1',
        '    zonefile-load: whole',
        '    journal-content: none',
        '    semantic-checks: off',
    ]
    if zones:
        lines.append('zone:')
        for z in zones:
            lines += ['  - domain: "%s"' % z.name, '    file: "%s.signed"' % z.file_stem]
    path = os.path.join(workdir, name + '.conf')
    with open(path, 'w') as f:
        f.write('\n'.join(lines) + '\n')
    return path


def unbound_config(workdir, port, knot_port, zones, anchor):
    lines = [
        'server:',
        '  interface: %s' % ADDR,
        '  port: %d' % port,
        '  do-ip6: no',
        '  do-daemonize: no',
        '  username: ""',
        '  chroot: ""',
        '  directory: "%s"' % workdir,
        '  logfile: "%s"' % os.path.join(workdir, 'unbound.log'),
        '  use-syslog: no',
        '  pidfile: ""',
        '  verbosity: 1',
        '  val-log-level: 2',
        '  num-threads: 1',
        '  so-reuseport: no',
        '  do-not-query-localhost: no',
        '  trust-anchor-file: "%s"' % anchor,
        '  trust-anchor-signaling: no',
        '  root-key-sentinel: no',
        # Tests change answers between runs of one lab only by building a new lab, but
        # keep answers young anyway so a manual `start` lab picks up edits to knot quickly.
        '  cache-max-ttl: 30',
        '  cache-max-negative-ttl: 5',
        '  local-zone: "test." nodefault',
        'remote-control:',
        '  control-enable: no',
    ]
    # knot is not on port 53, so a delegation's NS address alone would lead unbound to the
    # wrong port: every served zone gets a stub pointing at knot.
    for z in zones:
        lines += ['stub-zone:', '  name: "%s"' % z.name,
                  '  stub-addr: %s@%d' % (ADDR, knot_port)]
    path = os.path.join(workdir, 'unbound.conf')
    with open(path, 'w') as f:
        f.write('\n'.join(lines) + '\n')
    return path


def apparmor_enabled():
    try:
        with open('/sys/module/apparmor/parameters/enabled') as f:
            return f.read().strip() == 'Y'
    except OSError:
        return False


def unconfined_copy(binary, workdir):
    """Debian's unbound package ships an AppArmor profile that attaches to /usr/sbin/unbound
    and lets it read only /etc/unbound and /var/lib/unbound, not a lab in /tmp. The profile
    is for the system service; the lab's private resolver runs from a copy of the binary,
    to which the profile does not attach."""
    if not (apparmor_enabled() or os.environ.get('MAMORI_LAB_COPY_BINARIES') == '1'):
        return binary
    copy = os.path.join(workdir, os.path.basename(binary))
    shutil.copy2(binary, copy)
    return copy


PR_SET_PDEATHSIG = 1


def die_with_parent():
    # A lab whose python gets SIGKILLed (e.g. by a test harness) must not leave daemons.
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)
    except Exception:
        pass


def spawn(argv, log_path, attached):
    out = open(log_path, 'ab')
    try:
        return subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=out, stderr=out,
                                start_new_session=True,
                                preexec_fn=die_with_parent if attached else None)
    finally:
        out.close()


def process_alive(pid):
    """False also for a zombie: a server that `start` left behind is reparented, and in a
    container PID 1 may never reap it."""
    try:
        with open('/proc/%d/stat' % pid) as f:
            return f.read().rsplit(')', 1)[-1].split()[0] != 'Z'
    except OSError:
        return False


def reaped_or_gone(pid):
    try:
        done, _ = os.waitpid(pid, os.WNOHANG)
        return done == pid
    except ChildProcessError:
        # Not our child (stop --dir): look at it instead.
        return not process_alive(pid)


def stop_pids(pids, timeout=3.0):
    """TERM the process groups of pids, then KILL what is left; returns when all are gone.
    All at once: the servers shut down in parallel."""
    pending = list(pids)
    for sig in (signal.SIGTERM, signal.SIGKILL):
        for pid in pending:
            try:
                os.killpg(pid, sig)
            except ProcessLookupError:
                pass
            except PermissionError:
                os.kill(pid, sig)
        deadline = time.monotonic() + timeout
        while pending and time.monotonic() < deadline:
            pending = [pid for pid in pending if not reaped_or_gone(pid)]
            if pending:
                time.sleep(0.01)
        if not pending:
            return


# --- a tiny DNS client for the readiness probes ---------------------------------------------

def encode_name(name):
    out = b''
    for label in name.rstrip('.').split('.'):
        if label:
            out += bytes([len(label)]) + label.encode('ascii')
    return out + b'\0'


def dns_query(addr, port, name, rrtype=6, do=False, timeout=0.2):
    """Returns (rcode, flags) of the answer, or None when nothing came back."""
    qid = random.randint(0, 0xffff)
    packet = struct.pack('>HHHHHH', qid, 0x0100, 1, 0, 0, 1 if do else 0)
    packet += encode_name(name) + struct.pack('>HH', rrtype, 1)
    if do:
        packet += b'\0' + struct.pack('>HHIH', 41, 1232, 0x8000, 0)
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        s.settimeout(timeout)
        s.sendto(packet, (addr, port))
        while True:
            data = s.recv(4096)
            if len(data) >= 12 and struct.unpack('>H', data[:2])[0] == qid:
                flags = struct.unpack('>H', data[2:4])[0]
                return flags & 0xf, flags
    except (socket.timeout, ConnectionRefusedError, OSError):
        return None
    finally:
        s.close()


AA, AD = 0x0400, 0x0020


def tail(path, n=20):
    try:
        with open(path, errors='replace') as f:
            return ''.join(f.readlines()[-n:])
    except OSError:
        return '(no log)'


def wait_ready(procs, checks, deadline):
    """checks: [(description, fn -> bool, log path)], each polled until true."""
    pending = list(checks)
    while pending:
        for proc, log_path in procs:
            if proc.poll() is not None:
                raise ServerExited('%s exited with status %d; log %s:\n%s'
                               % (os.path.basename(proc.args[0]), proc.returncode,
                                  log_path, tail(log_path)))
        pending = [c for c in pending if not c[1]()]
        if not pending:
            break
        if time.monotonic() > deadline:
            what, _, log_path = pending[0]
            raise LabError('%s not ready after %.0f s; log %s:\n%s'
                           % (what, READY_TIMEOUT, log_path, tail(log_path)))
        time.sleep(0.01)


# --- the lab ----------------------------------------------------------------------------------

class Lab:
    def __init__(self, workdir, zones_dir, attached):
        self.workdir = workdir
        self.zones_dir = zones_dir
        self.attached = attached
        self.procs = []          # (Popen, log path)
        self.port_locks = []     # open files whose flock reserves our ports
        self.env = {}

    def start(self):
        t0 = time.monotonic()
        knotd, unbound = find_tool('knotd'), find_tool('unbound')
        zones, root_ds = build_zones(self.workdir, self.zones_dir)
        anchor = os.path.join(self.workdir, 'root-anchor.ds')
        with open(anchor, 'w') as f:
            f.write(root_ds + '\n')
        lame = any(z.lame for z in zones)
        for attempt in range(1, PORT_ATTEMPTS + 1):
            knot_port = free_port([ADDR, LAME_ADDR] if lame else [ADDR], self.port_locks)
            resolver_port = free_port([ADDR], self.port_locks)
            try:
                self._start_servers(knotd, unbound, zones, anchor, lame, knot_port,
                                    resolver_port)
                break
            except ServerExited as e:
                # Most likely someone bound the port between our probe and the server's
                # bind: try other ports.
                self.stop()
                if attempt == PORT_ATTEMPTS:
                    raise LabError(str(e))
                log('%s; retrying with other ports' % str(e).splitlines()[0])

        self.env = {
            'MAMORI_LAB_RESOLVER': '%s:%d' % (ADDR, resolver_port),
            'MAMORI_LAB_AUTH': '%s:%d' % (ADDR, knot_port),
            'MAMORI_LAB_TRUST_ANCHOR': anchor,
            'MAMORI_LAB_DIR': self.workdir,
        }
        if lame:
            self.env['MAMORI_LAB_LAME_AUTH'] = '%s:%d' % (LAME_ADDR, knot_port)
        if os.environ.get('MAMORI_LAB_VERBOSE'):
            log('%d zones up in %.2f s' % (len(zones), time.monotonic() - t0))

    def _start_servers(self, knotd, unbound, zones, anchor, lame, knot_port, resolver_port):
        self._spawn([knotd, '-c', knot_config(self.workdir, 'knot', [ADDR], knot_port, zones)],
                    'knot')
        if lame:
            # A second, empty knot on another loopback address answers REFUSED for every
            # zone: the second NS of a `lame` zone points here.
            self._spawn([knotd, '-c', knot_config(self.workdir, 'knot-lame', [LAME_ADDR],
                                                  knot_port, [])], 'knot-lame')
        self._spawn([unconfined_copy(unbound, self.workdir), '-d', '-c',
                     unbound_config(self.workdir, resolver_port, knot_port, zones, anchor)],
                    'unbound')
        self._write_pids()

        deadline = time.monotonic() + READY_TIMEOUT
        knot_log = os.path.join(self.workdir, 'knot.log')
        checks = []
        for z in zones:
            checks.append(('knot (zone %s)' % z.name,
                           lambda n=z.name: _authoritative(knot_port, n), knot_log))
        if lame:
            checks.append(('lame knot', lambda: dns_query(LAME_ADDR, knot_port, 'test.')
                           is not None, os.path.join(self.workdir, 'knot-lame.log')))
        wait_ready(self.procs, checks, deadline)
        # Validated end to end: root → test. → answer with AD.
        wait_ready(self.procs, [('unbound', lambda: _validated(resolver_port),
                                 os.path.join(self.workdir, 'unbound.log'))], deadline)

    def _spawn(self, argv, name):
        log_path = os.path.join(self.workdir, name + '.log')
        self.procs.append((spawn(argv, log_path, self.attached), log_path))

    def _write_pids(self):
        with open(os.path.join(self.workdir, 'pids'), 'w') as f:
            for proc, _ in self.procs:
                f.write('%d\n' % proc.pid)

    def stop(self):
        stop_pids([proc.pid for proc, _ in self.procs])
        self.procs = []


def _authoritative(port, name):
    answer = dns_query(ADDR, port, name)
    return answer is not None and answer[0] == 0 and answer[1] & AA


def _validated(port):
    answer = dns_query(ADDR, port, 'test.', do=True, timeout=0.5)
    return answer is not None and answer[0] == 0 and answer[1] & AD


def stop_dir(workdir):
    path = os.path.join(workdir, 'pids')
    try:
        with open(path) as f:
            pids = [int(line) for line in f if line.strip()]
    except OSError as e:
        raise LabError('no lab in %s (%s)' % (workdir, e))
    stop_pids(pids)
    os.unlink(path)


class Signalled(Exception):
    def __init__(self, signum):
        super().__init__(signum)
        self.signum = signum


def cmd_run(args):
    if not args.command:
        raise LabError('run: no command given (dns-lab.py run -- CMD ARGS...)')
    keep = os.environ.get('MAMORI_LAB_KEEP') == '1'
    workdir = tempfile.mkdtemp(prefix='mamori-lab-')
    lab = Lab(workdir, args.zones, attached=True)
    child = None

    def on_signal(signum, frame):
        raise Signalled(signum)
    for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(sig, on_signal)

    status = 1
    try:
        lab.start()
        env = dict(os.environ)
        env.update(lab.env)
        # CMD stays in our process group (a harness's or the terminal's signals reach it
        # directly) and dies with us should we be SIGKILLed.
        child = subprocess.Popen(args.command, env=env, preexec_fn=die_with_parent)
        status = child.wait()
        if status < 0:
            status = 128 - status
    except Signalled as s:
        status = 128 + s.signum
        if child is not None and child.poll() is None:
            child.send_signal(s.signum)
            try:
                child.wait(timeout=5)
            except subprocess.TimeoutExpired:
                child.kill()
                child.wait()
    except LabError as e:
        log(str(e))
        status = 99        # meson: a hard error, not a test failure
    except FileNotFoundError as e:
        log('cannot run %s: %s' % (args.command[0], e))
        status = 127
    finally:
        # No more signals: a second Ctrl-C must not interrupt the clean-up.
        for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
            signal.signal(sig, signal.SIG_IGN)
        lab.stop()
        if keep:
            log('kept the lab directory %s' % workdir)
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    return status


def cmd_start(args):
    workdir = os.path.abspath(args.dir)
    os.makedirs(workdir, exist_ok=True)
    if os.listdir(workdir):
        raise LabError('%s is not empty' % workdir)
    lab = Lab(workdir, args.zones, attached=False)
    try:
        lab.start()
    except BaseException:
        lab.stop()
        raise
    for key, value in sorted(lab.env.items()):
        print('export %s=%s' % (key, value))
    return 0


def cmd_stop(args):
    stop_dir(os.path.abspath(args.dir))
    return 0


def main(argv):
    parser = argparse.ArgumentParser(description='The Mamori DNS test lab.')
    sub = parser.add_subparsers(dest='action', required=True)
    p = sub.add_parser('run', help='run a command inside a fresh lab')
    p.add_argument('--zones', default=DEFAULT_ZONES, help='directory of child *.zone files')
    p.add_argument('command', nargs=argparse.REMAINDER)
    p = sub.add_parser('start', help='build a lab in DIR and leave it running')
    p.add_argument('--dir', required=True)
    p.add_argument('--zones', default=DEFAULT_ZONES)
    p = sub.add_parser('stop', help='stop the lab in DIR')
    p.add_argument('--dir', required=True)
    args = parser.parse_args(argv)
    if args.action == 'run' and args.command and args.command[0] == '--':
        args.command = args.command[1:]
    try:
        return {'run': cmd_run, 'start': cmd_start, 'stop': cmd_stop}[args.action](args)
    except LabError as e:
        log(str(e))
        return 99 if args.action == 'run' else 1


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))

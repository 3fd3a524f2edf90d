#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The Mamori web test lab: nginx with TLS on a free loopback port, one virtual host per
section of a small declarative sites file, certificates from a throw-away test CA.

    web-lab.py run [--sites FILE] -- CMD ARGS...   generate, start, run CMD, stop, clean up

`run` exports to CMD:
    MAMORI_WEB_PORT   the HTTPS port on 127.0.0.1 (every virtual host is on it)
    MAMORI_WEB_HTTP_PORT  the plain-HTTP port on 127.0.0.1 (hosts with `http =` set)
    MAMORI_WEB_CA     the test CA certificate (PEM) that signed the `ok` certificates
    MAMORI_WEB_DIR    the lab's temporary directory
and exits with CMD's exit status. nginx is always stopped, also when CMD crashes or the lab
is signalled; MAMORI_WEB_KEEP=1 keeps the temporary directory. It nests with the DNS lab:

    dns-lab.py run -- web-lab.py run -- TEST

The DNS lab's zones decide which names point at 127.0.0.1; clients connect to
127.0.0.1:MAMORI_WEB_PORT and send the real name (SNI and Host).

The sites file (default tests/lab/web/sites.ini) is INI, one section per host name:

    [mta-sts.example.test]
    root = mta-sts-example      ; directory of files under tests/lab/web/ (default: none)
    cert = ok                   ; ok | untrusted (another CA) | self-signed | wrong-name
                                ; | expired (in 2025) | expiring (in 10 days)
    tls = TLSv1.2 TLSv1.3       ; nginx ssl_protocols
    ciphers = ECDHE+AESGCM      ; nginx ssl_ciphers (add @SECLEVEL=0 for TLS 1.0/1.1)
    http = redirect             ; plain-HTTP port: off (default) | redirect (301 to https) | plain
    address = 127.0.0.11        ; listen on this loopback address instead of 127.0.0.1
    header.Strict-Transport-Security = max-age=31536000
    type./.well-known/mta-sts.txt = text/html          ; Content-Type of one path
    redirect./.well-known/mta-sts.txt = https://elsewhere.test/   ; 301 for one path
    status./missing = 404                               ; fixed status for one path

Files are served as they are; `.txt` files as text/plain. Unknown names get a default
host with its own certificate that answers 421. Python standard library only.
"""

import argparse
import configparser
import ctypes
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_SITES = os.path.join(HERE, 'web', 'sites.ini')
ADDR = '127.0.0.1'
READY_TIMEOUT = 10.0
CERT_KINDS = ('ok', 'untrusted', 'self-signed', 'wrong-name', 'expired', 'expiring')
HTTP_MODES = ('off', 'redirect', 'plain')


class LabError(Exception):
    pass


def log(msg):
    print('web-lab: ' + msg, file=sys.stderr, flush=True)


def find_tool(name):
    path = shutil.which(name) or shutil.which(name, path='/usr/sbin:/usr/local/sbin:/sbin')
    if path is None:
        raise LabError('%s is not installed (run scripts/install-deps.sh)' % name)
    return path


def die_with_parent():
    # If this lab is SIGKILLed (a harness timeout), nginx and the command must not linger.
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)
    except Exception:
        pass


def openssl(*args):
    result = subprocess.run([find_tool('openssl')] + list(args), stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    if result.returncode != 0:
        raise LabError('openssl %s failed: %s' % (args[0], result.stderr.strip()))


# --- certificates ---------------------------------------------------------------------------

def make_ca(workdir, name):
    key = os.path.join(workdir, name + '.key')
    cert = os.path.join(workdir, name + '.pem')
    openssl('req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes',
            '-keyout', key, '-out', cert, '-days', '30', '-subj', '/CN=Mamori test CA ' + name,
            '-addext', 'basicConstraints=critical,CA:TRUE',
            '-addext', 'keyUsage=critical,keyCertSign,cRLSign')
    return key, cert


def make_cert(workdir, host, kind, cas):
    """A leaf certificate for host: signed by the lab CA (ok), another CA (untrusted), by
    itself (self-signed) or for another name (wrong-name)."""
    stem = os.path.join(workdir, 'site-' + host)
    key, cert, csr = stem + '.key', stem + '.pem', stem + '.csr'
    name = 'wrong-name.invalid' if kind == 'wrong-name' else host
    ext = os.path.join(workdir, 'ext-' + host + '.cnf')
    with open(ext, 'w') as f:
        f.write('subjectAltName=DNS:%s\nbasicConstraints=CA:FALSE\n'
                'keyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\n' % name)
    if kind == 'self-signed':
        openssl('req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256',
                '-nodes', '-keyout', key, '-out', cert, '-days', '30', '-subj', '/CN=' + name,
                '-addext', 'subjectAltName=DNS:' + name)
        return key, cert
    ca_key, ca_cert = cas['rogue' if kind == 'untrusted' else 'lab']
    openssl('req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes',
            '-keyout', key, '-out', csr, '-subj', '/CN=' + name)
    if kind == 'expired':
        # `openssl x509` cannot back-date a certificate; `openssl ca` can.
        db = os.path.join(workdir, 'ca-db-' + host)
        os.makedirs(db)
        open(os.path.join(db, 'index.txt'), 'w').close()
        with open(os.path.join(db, 'serial'), 'w') as f:
            f.write('01\n')
        cnf = os.path.join(db, 'ca.cnf')
        with open(cnf, 'w') as f:
            f.write('[ca]\ndefault_ca = lab\n[lab]\ndatabase = %s/index.txt\nserial = %s/serial\n'
                    'new_certs_dir = %s\ndefault_md = sha256\npolicy = any\n'
                    'unique_subject = no\n[any]\ncommonName = supplied\n' % (db, db, db))
        openssl('ca', '-batch', '-config', cnf, '-cert', ca_cert, '-keyfile', ca_key,
                '-in', csr, '-out', cert, '-startdate', '20250101000000Z',
                '-enddate', '20250201000000Z', '-notext', '-extfile', ext)
        return key, cert
    openssl('x509', '-req', '-in', csr, '-CA', ca_cert, '-CAkey', ca_key, '-CAcreateserial',
            '-out', cert, '-days', '10' if kind == 'expiring' else '90', '-extfile', ext)
    return key, cert


# --- sites ----------------------------------------------------------------------------------

class Site:
    def __init__(self, host, section, sites_dir):
        self.host = host
        self.root = None
        self.cert = section.get('cert', 'ok')
        self.tls = section.get('tls', 'TLSv1.2 TLSv1.3')
        self.ciphers = section.get('ciphers')
        self.http = section.get('http', 'off')
        # nginx 1.22 picks the protocol versions from the default server of a socket before SNI
        # names a site, so a site whose `tls` differs needs a socket (address) of its own.
        self.address = section.get('address', ADDR)
        if not self.address.startswith('127.'):
            raise LabError('[%s]: address must be a loopback address' % host)
        if self.http not in HTTP_MODES:
            raise LabError('[%s]: http must be one of %s' % (host, ', '.join(HTTP_MODES)))
        self.headers = []
        self.types = {}
        self.redirects = {}
        self.statuses = {}
        if self.cert not in CERT_KINDS:
            raise LabError('[%s]: cert must be one of %s' % (host, ', '.join(CERT_KINDS)))
        if 'root' in section:
            self.root = os.path.join(sites_dir, section['root'])
            if not os.path.isdir(self.root):
                raise LabError('[%s]: root %s is not a directory' % (host, self.root))
        for key, value in section.items():
            if key in ('root', 'cert', 'tls', 'ciphers', 'http', 'address'):
                continue
            kind, _, arg = key.partition('.')
            if not arg:
                raise LabError('[%s]: unknown setting %r' % (host, key))
            if kind == 'header':
                self.headers.append((arg, value))
            elif kind == 'type':
                self.types[arg] = value
            elif kind == 'redirect':
                self.redirects[arg] = value
            elif kind == 'status':
                if not value.isdigit():
                    raise LabError('[%s]: status must be a number' % host)
                self.statuses[arg] = value
            else:
                raise LabError('[%s]: unknown setting %r' % (host, key))


def load_sites(path):
    # Keys are case-sensitive (header names, paths); no interpolation of "%".
    parser = configparser.ConfigParser(interpolation=None, delimiters=('=',),
                                       inline_comment_prefixes=(';',))
    parser.optionxform = str
    if not parser.read(path):
        raise LabError('cannot read the sites file %s' % path)
    sites_dir = os.path.dirname(os.path.abspath(path))
    return [Site(host, parser[host], sites_dir) for host in parser.sections()]


def nginx_quote(value):
    return '"%s"' % value.replace('\\', '\\\\').replace('"', '\\"')


def site_locations(site):
    lines = []
    if site.root is not None:
        lines.append('    root %s;' % site.root)
    else:
        lines.append('    location / { return 404; }')
    for name, value in site.headers:
        lines.append('    add_header %s %s always;' % (name, nginx_quote(value)))
    paths = set(site.types) | set(site.redirects) | set(site.statuses)
    for path in sorted(paths):
        body = []
        if path in site.types:
            body.append('types { } default_type %s;' % nginx_quote(site.types[path]))
        if path in site.redirects:
            body.append('return 301 %s;' % nginx_quote(site.redirects[path]))
        elif path in site.statuses:
            body.append('return %s;' % site.statuses[path])
        lines.append('    location = %s { %s }' % (path, ' '.join(body)))
    return lines


def nginx_config(workdir, port, sites, certs, default_cert, http_port=None):
    logs = os.path.join(workdir, 'logs')
    lines = [
        'daemon off;',
        # One process that stays the lab's child: no workers, no user switching.
        'master_process off;',
        'pid %s;' % os.path.join(workdir, 'nginx.pid'),
        'error_log %s info;' % os.path.join(logs, 'error.log'),
        'events { worker_connections 64; }',
        'http {',
        '  access_log %s;' % os.path.join(logs, 'access.log'),
        '  client_body_temp_path %s;' % os.path.join(workdir, 'tmp', 'body'),
        '  proxy_temp_path %s;' % os.path.join(workdir, 'tmp', 'proxy'),
        '  fastcgi_temp_path %s;' % os.path.join(workdir, 'tmp', 'fastcgi'),
        '  uwsgi_temp_path %s;' % os.path.join(workdir, 'tmp', 'uwsgi'),
        '  scgi_temp_path %s;' % os.path.join(workdir, 'tmp', 'scgi'),
        '  types { text/plain txt; text/html html; application/json json; }',
        '  default_type application/octet-stream;',
        '  server_tokens off;',
        # The protocol is chosen with the default server's settings before SNI picks a site,
        # and nginx 1.22's default lacks TLS 1.3: allow everything here, restrict per site.
        '  ssl_protocols TLSv1 TLSv1.1 TLSv1.2 TLSv1.3;',
        '  server {',
        '    listen %s:%d ssl default_server;' % (ADDR, port),
        '    server_name _;',
        '    ssl_certificate %s;' % default_cert[1],
        '    ssl_certificate_key %s;' % default_cert[0],
        '    return 421;',
        '  }',
    ]
    for site in sites:
        key, cert = certs[site.host]
        lines += [
            '  server {',
            '    listen %s:%d ssl%s;' % (site.address, port,
                                      ' default_server' if site.address != ADDR else ''),
            '    server_name %s;' % site.host,
            '    ssl_certificate %s;' % cert,
            '    ssl_certificate_key %s;' % key,
            '    ssl_protocols %s;' % site.tls,
        ]
        if site.ciphers is not None:
            lines.append('    ssl_ciphers %s;' % nginx_quote(site.ciphers))
            lines.append('    ssl_prefer_server_ciphers on;')
        lines += site_locations(site)
        lines.append('  }')
    if http_port is not None:
        lines += ['  server {', '    listen %s:%d default_server;' % (ADDR, http_port),
                  '    server_name _;', '    return 421;', '  }']
        for site in sites:
            if site.http == 'off':
                continue
            lines += ['  server {', '    listen %s:%d%s;' % (site.address, http_port,
                                                    ' default_server' if site.address != ADDR
                                                    else ''),
                      '    server_name %s;' % site.host]
            if site.http == 'redirect':
                lines.append('    return 301 https://$host$request_uri;')
            else:
                lines += site_locations(site)
            lines.append('  }')
    lines.append('}')
    return '\n'.join(lines) + '\n'


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((ADDR, 0))
        return s.getsockname()[1]


def wait_ready(proc, port, error_log):
    deadline = time.monotonic() + READY_TIMEOUT
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            return False
        try:
            with socket.create_connection((ADDR, port), timeout=0.2):
                return True
        except OSError:
            time.sleep(0.05)   # polling the server's start-up, not a test's timing
    return False


class Lab:
    def __init__(self, sites_path):
        self.sites = load_sites(sites_path)
        self.workdir = tempfile.mkdtemp(prefix='mamori-web-lab-')
        self.proc = None
        self.env = {}

    def start(self):
        for sub in ('logs', 'tmp'):
            os.makedirs(os.path.join(self.workdir, sub))
        cas = {'lab': make_ca(self.workdir, 'lab'), 'rogue': make_ca(self.workdir, 'rogue')}
        certs = {site.host: make_cert(self.workdir, site.host, site.cert, cas)
                 for site in self.sites}
        default_cert = make_cert(self.workdir, 'default.invalid', 'ok', cas)
        nginx = find_tool('nginx')
        error_log = os.path.join(self.workdir, 'logs', 'error.log')
        # Another process may take the free port between our probe and nginx's bind: retry.
        for attempt in range(5):
            port = free_port()
            http_port = free_port()
            while http_port == port:
                http_port = free_port()
            conf = os.path.join(self.workdir, 'nginx.conf')
            with open(conf, 'w') as f:
                f.write(nginx_config(self.workdir, port, self.sites, certs, default_cert,
                                     http_port))
            self.proc = subprocess.Popen([nginx, '-p', self.workdir, '-c', conf,
                                          '-e', error_log],
                                         stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                         preexec_fn=die_with_parent,
                                         stderr=open(os.path.join(self.workdir, 'logs',
                                                                  'stderr.log'), 'w'))
            if wait_ready(self.proc, port, error_log):
                break
            self.stop_nginx()
        else:
            with open(error_log) as f:
                raise LabError('nginx did not start:\n' + f.read()[-2000:])
        self.env = {
            'MAMORI_WEB_PORT': str(port),
            'MAMORI_WEB_HTTP_PORT': str(http_port),
            'MAMORI_WEB_CA': cas['lab'][1],
            'MAMORI_WEB_DIR': self.workdir,
        }
        log('nginx on %s:%d with %d sites' % (ADDR, port, len(self.sites)))

    def stop_nginx(self):
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc = None

    def cleanup(self):
        self.stop_nginx()
        if os.environ.get('MAMORI_WEB_KEEP') == '1':
            log('kept %s' % self.workdir)
        else:
            shutil.rmtree(self.workdir, ignore_errors=True)


def cmd_run(args):
    command = args.command
    if command and command[0] == '--':
        command = command[1:]
    if not command:
        raise LabError('run needs a command after --')
    lab = Lab(args.sites)
    child = None

    def on_signal(signum, frame):
        if child is not None and child.poll() is None:
            child.send_signal(signum)
        raise SystemExit(128 + signum)

    old = {s: signal.signal(s, on_signal) for s in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP)}
    try:
        lab.start()
        env = dict(os.environ)
        env.update(lab.env)
        child = subprocess.Popen(command, env=env, preexec_fn=die_with_parent)
        return child.wait()
    finally:
        if child is not None and child.poll() is None:
            child.kill()
            child.wait()
        lab.cleanup()
        for s, handler in old.items():
            signal.signal(s, handler)


def main():
    parser = argparse.ArgumentParser(description='The Mamori web test lab.')
    sub = parser.add_subparsers(dest='action', required=True)
    run = sub.add_parser('run', help='start nginx, run a command, stop')
    run.add_argument('--sites', default=DEFAULT_SITES)
    run.add_argument('command', nargs=argparse.REMAINDER)
    args = parser.parse_args()
    try:
        return cmd_run(args)
    except LabError as e:
        log(str(e))
        return 99


if __name__ == '__main__':
    sys.exit(main())

#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Checks the Flatpak manifest: valid JSON, the app id everywhere, the GNOME 43 runtime
(GTK 4.8 / libadwaita 1.2, what Debian 12 has), minimal permissions (network, display, GPU; no
file system access: reports are saved through the portal), ldns pinned by sha256, and, when
flatpak-builder is installed, that flatpak-builder itself accepts it. Prints TAP."""
import json
import re
import shutil
import subprocess
import sys

path = sys.argv[1]
results = []


def check(name, ok, detail=''):
    results.append((name, bool(ok), detail))


try:
    with open(path, encoding='utf-8') as f:
        manifest = json.load(f)
    check('valid JSON', True)
except (OSError, ValueError) as e:
    print('1..1')
    print(f'not ok 1 - valid JSON # {e}')
    sys.exit(1)

app_id = 'io.github.mamori_jp.Mamori'
check('app id', manifest.get('app-id') == app_id, manifest.get('app-id'))
check('manifest named after the app id', path.endswith(app_id + '.json'))
check('GNOME 43 runtime', manifest.get('runtime') == 'org.gnome.Platform'
      and manifest.get('runtime-version') == '43' and manifest.get('sdk') == 'org.gnome.Sdk')
check('command', manifest.get('command') == 'mamori')
args = manifest.get('finish-args', [])
check('minimal finish-args', sorted(args) == sorted([
    '--share=network', '--share=ipc', '--socket=fallback-x11', '--socket=wayland',
    '--device=dri']), ' '.join(args))
check('no file system access', not any(a.startswith('--filesystem') for a in args))
modules = {m.get('name'): m for m in manifest.get('modules', []) if isinstance(m, dict)}
ldns = modules.get('ldns', {})
sources = ldns.get('sources', [{}])
check('ldns built with autotools', ldns.get('buildsystem') == 'autotools')
check('ldns 1.8.3 pinned by sha256',
      any(s.get('url', '').endswith('ldns-1.8.3.tar.gz')
          and re.fullmatch(r'[0-9a-f]{64}', s.get('sha256', '')) for s in sources))
check('mamori built with meson, last', modules.get('mamori', {}).get('buildsystem') == 'meson'
      and manifest['modules'][-1].get('name') == 'mamori')

builder = shutil.which('flatpak-builder')
if builder:
    proc = subprocess.run([builder, '--show-manifest', path], capture_output=True, text=True)
    check('flatpak-builder --show-manifest', proc.returncode == 0, proc.stderr.strip())
else:
    results.append(('flatpak-builder --show-manifest', True, 'SKIP flatpak-builder not installed'))

print(f'1..{len(results)}')
failed = 0
for i, (name, ok, detail) in enumerate(results, 1):
    if detail.startswith('SKIP'):
        print(f'ok {i} - {name} # {detail}')
        continue
    print(f'{"ok" if ok else "not ok"} {i} - {name}' + (f' # {detail}' if detail and not ok else ''))
    failed += not ok
sys.exit(1 if failed else 0)

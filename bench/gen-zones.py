#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Writes N zone files for the DNS lab (tests/lab/dns-lab.py --zones DIR) and the list of
their domains, for the benchmarks. The zones vary like a real population: SPF with and without
includes, DMARC none/quarantine/reject/missing, MX or no mail, CAA, MTA-STS/TLS-RPT records;
about one in four is unsigned.

    gen-zones.py N DIR        → DIR/zones/*.zone and DIR/domains.txt
"""
import os
import sys


def zone_text(i):
    lines = []
    if i % 4 == 3:
        lines.append('; lab: sign=unsigned')
    name = 'b%05d' % i
    if i % 10 != 9:
        lines.append('@ IN MX 10 mail')
        lines.append('mail IN A 127.0.0.1')
        if i % 3 == 0:
            lines.append('@ IN TXT "v=spf1 include:_spf.b%05d.test -all"' % i)
            lines.append('_spf IN TXT "v=spf1 ip4:192.0.2.%d -all"' % (i % 250 + 1))
        elif i % 3 == 1:
            lines.append('@ IN TXT "v=spf1 mx -all"')
        else:
            lines.append('@ IN TXT "v=spf1 ip4:198.51.100.0/24 ~all"')
        policy = ('none', 'quarantine', 'reject', None)[i % 4]
        if policy is not None:
            lines.append('_dmarc IN TXT "v=DMARC1; p=%s; rua=mailto:dmarc@%s.test"' % (policy, name))
        if i % 5 == 0:
            lines.append('_mta-sts IN TXT "v=STSv1; id=20261101"')
            lines.append('_smtp._tls IN TXT "v=TLSRPTv1; rua=mailto:tls@%s.test"' % name)
    else:
        lines.append('@ IN TXT "v=spf1 -all"')
        lines.append('_dmarc IN TXT "v=DMARC1; p=reject"')
    if i % 2 == 0:
        lines.append('@ IN CAA 0 issue "letsencrypt.org"')
    lines.append('www IN A 127.0.0.1')
    return name, '\n'.join(lines) + '\n'


def main(argv):
    if len(argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    n, out = int(argv[1]), argv[2]
    zones = os.path.join(out, 'zones')
    os.makedirs(zones, exist_ok=True)
    with open(os.path.join(out, 'domains.txt'), 'w') as domains:
        domains.write('# %d generated lab domains\n' % n)
        for i in range(n):
            name, text = zone_text(i)
            with open(os.path.join(zones, name + '.zone'), 'w') as f:
                f.write(text)
            domains.write(name + '.test\n')
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))

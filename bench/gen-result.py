#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Writes a synthetic run result (the CLI.md JSON shape) with N findings, scored, in
Japanese-looking data, for bench-pdf.sh:   gen-result.py N OUT.json"""
import json
import sys

STATUSES = ['fail', 'warn', 'pass', 'info', 'error', 'not_applicable']
SEVERITIES = ['high', 'medium', 'low', 'info']
CHECKS = ['domain.spf', 'domain.dmarc', 'domain.dkim', 'domain.dnssec', 'domain.caa',
          'domain.mta_sts', 'domain.tls_rpt', 'domain.nameservers', 'router.upnp',
          'telework.disk_encryption', 'cloud.s3_public']


def main(argv):
    n, out = int(argv[1]), argv[2]
    findings = []
    for i in range(n):
        status = STATUSES[i % len(STATUSES)]
        f = {
            'check_id': CHECKS[i % len(CHECKS)],
            'subject': 'sub%03d.example.jp' % i,
            'facet': 'facet%d' % (i % 5),
            'status': status,
            'severity': SEVERITIES[i % 4],
            'message': '診断項目 %d の結果です。設定に問題が見つかりました（%s）。' % (i, status) * 2,
            'remediation': 'DNS の管理画面で次のレコードを公開してください。' if status in ('fail', 'warn') else None,
            'evidence': {'query': 'sub%03d.example.jp TXT' % i,
                         'answers': ['v=spf1 include:_spf.example.jp ~all'] * 3,
                         'rcode': 'NOERROR', 'elapsed_ms': i},
            'guideline_refs': ['mic-telework-%d' % (i % 7), 'nisc-sme-%d' % (i % 5)],
        }
        if status in ('fail', 'warn'):
            f['record'] = '_dmarc.sub%03d.example.jp. IN TXT "v=DMARC1; p=quarantine; rua=mailto:dmarc@example.jp"' % i
        findings.append(f)
    result = {
        'mamori_version': '0.1.0', 'catalog_version': '1+bench', 'run_id': None,
        'organisation': {'name': '株式会社ベンチマーク商事', 'kind': 'sme', 'domains': ['example.jp']},
        'started_at': '2026-11-20T09:30:00Z', 'duration_ms': 1234, 'findings': findings,
        'scores': {
            'overall': 58.3,
            'documents': {'doc-%d' % d: {'score': 10.0 * d + 5, 'decided': 10, 'undecided': d}
                          for d in range(8)},
            'priorities': [{'item': 'item-%d' % p, 'title': {'ja': '対策 %d を実施する' % p,
                                                            'en': 'Do measure %d' % p},
                            'weight': 5 - p % 5, 'effort': 1 + p % 3, 'status': 'fail'}
                           for p in range(8)],
        },
    }
    with open(out, 'w', encoding='utf-8') as f:
        json.dump(result, f, ensure_ascii=False)
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))

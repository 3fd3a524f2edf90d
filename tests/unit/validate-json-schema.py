#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Validates JSON documents against a JSON Schema (draft 2020-12), for the subset of the
vocabulary Mamori's schemas use: type, enum, const, properties, required,
additionalProperties, items, minimum, maximum, minLength, pattern, oneOf, anyOf and local
$ref ("#/$defs/…"). Any other keyword is an error, so that a schema never silently claims
more than is checked. jsonschema is not on Debian 12 by default; this is the standard
library only.

    validate-json-schema.py SCHEMA DOC [DOC…]      (DOC '-': JSON lines on stdin)

Exit 0 when every document validates; 1 with one line per problem otherwise.
"""

import json
import re
import sys

KNOWN = {'$schema', '$id', '$defs', 'title', 'description', 'type', 'enum', 'const',
         'properties', 'required', 'additionalProperties', 'items', 'minimum', 'maximum',
         'minLength', 'pattern', 'oneOf', 'anyOf', '$ref', 'format'}

TYPES = {
    'object': lambda v: isinstance(v, dict),
    'array': lambda v: isinstance(v, list),
    'string': lambda v: isinstance(v, str),
    'integer': lambda v: isinstance(v, int) and not isinstance(v, bool),
    'number': lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
    'boolean': lambda v: isinstance(v, bool),
    'null': lambda v: v is None,
}


class Validator:
    def __init__(self, root):
        self.root = root

    def resolve(self, ref):
        if not ref.startswith('#/'):
            raise ValueError('only local $ref is supported: %s' % ref)
        node = self.root
        for part in ref[2:].split('/'):
            node = node[part]
        return node

    def errors(self, schema, value, path='$'):
        if schema is True:
            return []
        if schema is False:
            return ['%s: not allowed' % path]
        unknown = set(schema) - KNOWN
        if unknown:
            raise ValueError('unsupported keywords %s' % sorted(unknown))
        out = []
        if '$ref' in schema:
            out += self.errors(self.resolve(schema['$ref']), value, path)
        if 'type' in schema:
            types = schema['type'] if isinstance(schema['type'], list) else [schema['type']]
            if not any(TYPES[t](value) for t in types):
                return out + ['%s: %r is not of type %s' % (path, value, '/'.join(types))]
        if 'enum' in schema and value not in schema['enum']:
            out.append('%s: %r is not one of %s' % (path, value, schema['enum']))
        if 'const' in schema and value != schema['const']:
            out.append('%s: %r is not %r' % (path, value, schema['const']))
        if isinstance(value, str):
            if len(value) < schema.get('minLength', 0):
                out.append('%s: shorter than %d' % (path, schema['minLength']))
            if 'pattern' in schema and not re.search(schema['pattern'], value):
                out.append('%s: %r does not match %s' % (path, value, schema['pattern']))
        if TYPES['number'](value):
            if 'minimum' in schema and value < schema['minimum']:
                out.append('%s: %r < %r' % (path, value, schema['minimum']))
            if 'maximum' in schema and value > schema['maximum']:
                out.append('%s: %r > %r' % (path, value, schema['maximum']))
        if isinstance(value, dict):
            props = schema.get('properties', {})
            for name in schema.get('required', []):
                if name not in value:
                    out.append('%s: missing required %r' % (path, name))
            for name, member in value.items():
                sub = '%s.%s' % (path, name)
                if name in props:
                    out += self.errors(props[name], member, sub)
                elif 'additionalProperties' in schema:
                    out += self.errors(schema['additionalProperties'], member, sub)
        if isinstance(value, list) and 'items' in schema:
            for i, element in enumerate(value):
                out += self.errors(schema['items'], element, '%s[%d]' % (path, i))
        for key, need in (('oneOf', 1), ('anyOf', None)):
            if key in schema:
                ok = sum(1 for s in schema[key] if not self.errors(s, value, path))
                if (need is not None and ok != need) or (need is None and ok == 0):
                    out.append('%s: matches %d of the %s alternatives' % (path, ok, key))
        return out


def main(argv):
    if len(argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    with open(argv[1], encoding='utf-8') as f:
        schema = json.load(f)
    validator = Validator(schema)
    docs = []
    for name in argv[2:]:
        if name == '-':
            for n, line in enumerate(sys.stdin, 1):
                if line.strip():
                    docs.append(('stdin:%d' % n, json.loads(line)))
        else:
            with open(name, encoding='utf-8-sig') as f:
                docs.append((name, json.load(f)))
    problems = 0
    for name, doc in docs:
        for error in validator.errors(schema, doc):
            print('%s: %s' % (name, error))
            problems += 1
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))

#!/usr/bin/env python3
"""Independent line accounting for fixtures/edge/: checks fixtures/edge-expected-counts.json and the table in fixtures/edge.md.

Usage:
  python3 scripts/check-edge-fixtures.py            # compare the files against fixtures/edge-expected-counts.json and fixtures/edge.md
  python3 scripts/check-edge-fixtures.py --write    # rewrite fixtures/edge-expected-counts.json from the files
  python3 scripts/check-edge-fixtures.py --print    # print the computed counts as JSON

Written in Python on purpose, so it shares no code with the TypeScript reader it checks. The rules:

- A line is every newline-terminated line plus a final unterminated non-empty line. A trailing "\\r" belongs
  to the line ending. A UTF-8 BOM at the start of the (decompressed) file is ignored. Gzip data is detected
  by its magic bytes (1f 8b), not by the file name.
- blank: empty or whitespace only.
- malformed: a non-blank line that is not a JSON object, or whose `model` is missing or not a string, or whose
  `input_tokens`/`output_tokens` are missing or not non-negative integers (a JSON number with an integer value;
  strings, null, booleans and fractions are malformed), or whose cache_read/cache_write (or their aliases
  cache_read_input_tokens/cache_creation_input_tokens) are present, not null, and not non-negative integers.
- records = lines - blank - malformed (duplicates are still records).
- duplicate: a record whose string `request_id` already appeared on an earlier record of the same file.
"""

import gzip
import json
import math
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
EDGE = os.path.normpath(os.path.join(HERE, '..', 'fixtures', 'edge'))
NOT_FIXTURES = {'README.md', 'expected-counts.json'}
CACHE_KEYS = ('cache_read', 'cache_write', 'cache_read_input_tokens', 'cache_creation_input_tokens')
COLUMNS = ('lines', 'records', 'blank', 'malformed', 'duplicate')


def is_count(value):
    # Mirrors a JavaScript reader: JSON.parse cannot tell 12 from 12.0, so an integral float counts as an integer.
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return value >= 0
    if isinstance(value, float):
        return math.isfinite(value) and value.is_integer() and value >= 0
    return False


def reject_constant(name):
    raise ValueError(f'not JSON: {name}')  # Python accepts NaN/Infinity; JSON does not


def split_lines(data):
    if data[:2] == b'\x1f\x8b':
        data = gzip.decompress(data)
    if data.startswith(b'\xef\xbb\xbf'):
        data = data[3:]
    pieces = data.split(b'\n')
    if pieces and pieces[-1] == b'':
        pieces.pop()  # the empty remainder after the last newline is not a line
    return [p[:-1] if p.endswith(b'\r') else p for p in pieces]


def classify(raw):
    """Returns 'blank', 'malformed' or the parsed record."""
    try:
        text = raw.decode('utf-8')
    except UnicodeDecodeError:
        return 'malformed'
    if text.strip() == '':
        return 'blank'
    try:
        obj = json.loads(text, parse_constant=reject_constant)
    except ValueError:
        return 'malformed'
    if not isinstance(obj, dict):
        return 'malformed'
    if not isinstance(obj.get('model'), str):
        return 'malformed'
    for key in ('input_tokens', 'output_tokens'):
        if key not in obj or not is_count(obj[key]):
            return 'malformed'
    for key in CACHE_KEYS:
        if obj.get(key) is not None and not is_count(obj[key]):  # null counts as 0, like a missing count
            return 'malformed'
    return obj


def count_file(path):
    with open(path, 'rb') as f:
        lines = split_lines(f.read())
    counts = dict.fromkeys(COLUMNS, 0)
    counts['lines'] = len(lines)
    seen = set()
    for raw in lines:
        result = classify(raw)
        if result == 'blank':
            counts['blank'] += 1
        elif result == 'malformed':
            counts['malformed'] += 1
        else:
            counts['records'] += 1
            rid = result.get('request_id')
            if isinstance(rid, str):
                if rid in seen:
                    counts['duplicate'] += 1
                seen.add(rid)
    assert counts['records'] == counts['lines'] - counts['blank'] - counts['malformed']
    return counts


def compute():
    names = sorted(n for n in os.listdir(EDGE) if n not in NOT_FIXTURES and os.path.isfile(os.path.join(EDGE, n)))
    return {name: count_file(os.path.join(EDGE, name)) for name in names}


def readme_table():
    """Parses rows like | `file` | oddity | lines | records | blank | malformed | duplicate | note |."""
    rows = {}
    with open(os.path.join(EDGE, '..', 'edge.md'), encoding='utf-8') as f:
        for line in f:
            m = re.match(r'^\|\s*`([^`]+)`\s*\|[^|]*\|' + r'\s*(\d+)\s*\|' * 5, line)
            if m:
                rows[m.group(1)] = dict(zip(COLUMNS, map(int, m.groups()[1:])))
    return rows


def main(argv):
    computed = compute()
    if '--print' in argv:
        print(json.dumps(computed, indent=2))
        return 0
    expected_path = os.path.join(EDGE, '..', 'edge-expected-counts.json')
    if '--write' in argv:
        with open(expected_path, 'w', encoding='utf-8') as f:
            json.dump(computed, f, indent=2)
            f.write('\n')
        print(f'wrote {expected_path} ({len(computed)} files)')
        return 0

    problems = []
    with open(expected_path, encoding='utf-8') as f:
        expected = json.load(f)
    table = readme_table()
    for source, doc in (('expected-counts.json', expected), ('README.md', table)):
        for name in sorted(set(computed) | set(doc)):
            if name not in doc:
                problems.append(f'{source}: no entry for {name}')
            elif name not in computed:
                problems.append(f'{source}: {name} is listed but not in fixtures/edge/')
            elif doc[name] != computed[name]:
                problems.append(f'{source}: {name}: listed {doc[name]}, files say {computed[name]}')
    for p in problems:
        print(p)
    print(f'{len(computed)} fixtures, {len(problems)} mismatches')
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))

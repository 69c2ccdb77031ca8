#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
# Turns the statements one push logged (pg_write_cost.sh: a person created, seq 7001; a visit,
# 7002; a person's update, 7003) into a script for a stand-alone backend that runs one kind N
# times, in transactions of 50 with the batch's own setup and flush, as the server does.
#
#   replay.py STATEMENTS_LOG person|visit|update N > script.sql
import random
import re
import sys

log, kind, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
marker = {'person': '7001', 'visit': '7002', 'update': '7003'}[kind]

# (text, [parameter literals]) of each statement, in order; simple statements have none.
statements = []
for line in open(log, encoding='utf-8'):
    m = re.search(r'LOG:  (?:statement|execute [^:]*): (.*)$', line)
    if m:
        statements.append([m.group(1), []])
        continue
    m = re.search(r'DETAIL:  parameters: (.*)$', line)
    if m and statements:
        statements[-1][1] = [v for _, v in re.findall(r"\$(\d+) = (NULL|'(?:[^']|'')*')", m.group(1))]

texts = [s for s, _ in statements]
begin = texts.index('BEGIN')
entries_from = next(i for i, t in enumerate(texts) if t.startswith('SELECT last_seq FROM devices')) + 1
entries_to = next(i for i, t in enumerate(texts) if t.startswith('UPDATE devices SET last_seq'))
commit = texts.index('COMMIT', entries_to)
session = [s for s in statements[:begin] if 'hashing_writer' in ''.join(s[1])]
setup = [s for s in statements[begin + 1:entries_from] if 'last_seq' not in s[0] and 'hearth_take_unit' not in s[0]]
flush = statements[entries_to + 1:commit]

# The entry's statements: those up to and including the one whose parameters carry its seq.
mine, pending = [], []
others = {'7001', '7002', '7003'} - {marker}
for s in statements[entries_from:entries_to]:
    pending.append(s)
    if "'%s'" % marker in s[1]:
        mine = pending
        break
    if any("'%s'" % o in s[1] for o in others):
        pending = []
if not mine:
    sys.exit('replay: no statement of the %s (seq %s) in %s' % (kind, marker, log))

# New ids and seqs for each kind and count (nothing conflicts), the same for every build and run:
# each build's indexes then grow alike (random ids made runs differ by up to 3 %).
random.seed('%s-%d' % (kind, count))
base = random.randint(10**11, 9 * 10**11)


def literal(v, i):
    n = str(base + i)
    if v == "'%s'" % marker:
        return "'%s'" % n
    return v.replace('cost-person-' + marker, 'cost-person-' + n).replace('cost-visit-' + marker, 'cost-visit-' + n) \
            .replace('电子厂 ' + marker, '电子厂 ' + n)


def call(name, params, i):
    return 'EXECUTE %s(%s)' % (name, ', '.join(literal(v, i) for v in params)) if params else 'EXECUTE %s' % name


out = []
for text, params in session:
    out.append(text.replace('$1', params[0]).replace('$2', params[1]))
# The batch's setup (its temporary tables, its transaction-local settings) opens every
# transaction, as in the server; the statements are prepared once the tables exist.
out += ['BEGIN'] + [text for text, _ in setup]
for k, (text, params) in enumerate(mine + flush):
    out.append('PREPARE s%d AS %s' % (k, text))
for i in range(count):
    out += [call('s%d' % k, params, i) for k, (_, params) in enumerate(mine)]
    if i % 50 == 49 or i == count - 1:
        out += [call('s%d' % (len(mine) + k), params, i) for k, (_, params) in enumerate(flush)]
        out += ['COMMIT', 'BEGIN'] + [text for text, _ in setup]
out.append('COMMIT')
print('\n'.join(out))

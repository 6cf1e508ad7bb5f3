#!/usr/bin/env python3
"""Writes reports/mutation.md from pitest's core/target/pit-reports/mutations.xml and the reasons in
scripts/mutation/reasons.tsv (one line per explained survivor: class, the mutated method and source line as
`METHOD=TEXT` with the line's spaces collapsed (or method:NAME, or *), mutator (or *), reason). Keying by the line's text, not its number,
keeps a reason attached when code above it moves; a reason that no longer matches any mutant is listed on
stderr so that it can be revisited or deleted.

Usage: python3 scripts/mutation/report.py [--header header.md] [mutations.xml ...]
Several XML files (runs over different classes, e.g. gen and explore in one run and the core packages in
another, or a narrowed rerun of a few classes after the full run) are read together, in order: a class's
mutants are those of the last file that mutated it.
The header (command, date, timings) is copied first; then the totals, the scores per group of packages with
the bar each must reach, the per-package scores and every mutant not killed, with its reason."""
import argparse
import collections
import glob
import sys
import xml.etree.ElementTree as ET

ap = argparse.ArgumentParser()
ap.add_argument('--header', default='scripts/mutation/header.md')
ap.add_argument('xml', nargs='*', default=['core/target/pit-reports/mutations.xml'])
args = ap.parse_args()
header_path = args.header
# the groups the issues set a bar for: the core packages together (issue 14), gen and explore each (issue 11)
GROUPS = [('core: memory, program, scenarios, spec, engine, check',
           ('memory', 'program', 'scenarios', 'spec', 'engine', 'check'), 95.0),
          ('gen', ('gen',), 90.0),
          ('explore', ('explore',), 90.0)]
DETECTED = {'KILLED', 'TIMED_OUT', 'MEMORY_ERROR', 'RUN_ERROR'}

reasons = {}
with open('scripts/mutation/reasons.tsv', encoding='utf-8') as f:
    for raw in f:
        if not raw.strip() or raw.startswith('#'):
            continue
        cls, line, mut, reason = raw.rstrip('\n').split('\t', 3)
        reasons[(cls, line, mut)] = reason


used = set()
sources = {}


def source_line(cls, line):
    """The text of a line of the main sources, spaces collapsed ('' when the class's file is not found)."""
    if cls not in sources:
        paths = glob.glob('*/src/main/java/**/' + cls + '.java', recursive=True)
        sources[cls] = open(paths[0], encoding='utf-8').read().split('\n') if paths else []
    lines = sources[cls]
    return ' '.join(lines[line - 1].split()) if 0 < line <= len(lines) else ''


def reason_for(cls, line, mut, method):
    text = method + '=' + source_line(cls, int(line))
    for key in ((cls, text, mut), (cls, text, '*'), (cls, 'method:' + method, mut), (cls, 'method:' + method, '*'),
                (cls, '*', mut), (cls, '*', '*')):
        if key in reasons:
            used.add(key)
            return reasons[key]
    return None


def mutations(xml_path):
    """The mutants of a run's XML; of a run still going or cut short (pitest writes the file as classes
    finish), those written so far, up to the last complete <mutation> element."""
    try:
        return list(ET.parse(xml_path).getroot())
    except ET.ParseError:
        text = open(xml_path, encoding='utf-8', errors='replace').read()
        body = text[text.find('<mutations'):text.rfind('</mutation>') + len('</mutation>')]
        print(xml_path + ': incomplete (a run still going or cut short): read up to its last mutant', file=sys.stderr)
        return list(ET.fromstring(body + '</mutations>')) if body.startswith('<mutations') else []


by_class = {}
for xml_path in args.xml:
    found = collections.defaultdict(list)
    for m in mutations(xml_path):
        found[m.find('mutatedClass').text.split('$')[0]].append(m)
    by_class.update(found)
per_pkg = collections.defaultdict(collections.Counter)
open_mutants = []
for m in (m for ms in by_class.values() for m in ms):
    status = m.get('status')
    full = m.find('mutatedClass').text
    pkg = full.rsplit('.', 1)[0]
    cls = full.rsplit('.', 1)[1]
    per_pkg[pkg]['total'] += 1
    per_pkg[pkg][status] += 1
    if status not in DETECTED:
        line = m.find('lineNumber').text
        mut = m.find('mutator').text.rsplit('.', 1)[1]
        method = m.find('mutatedMethod').text
        open_mutants.append((pkg, cls, int(line), method, mut, m.find('description').text, status,
                             reason_for(cls.split('$')[0], line, mut, method)))

out = []
with open(header_path, encoding='utf-8') as f:
    out.append(f.read().rstrip() + '\n')
tot = collections.Counter()
for c in per_pkg.values():
    tot.update(c)


def score(c):
    det = sum(c[s] for s in DETECTED)
    return det, c['total'], 100.0 * det / c['total']


det, total, pct = score(tot)
out.append('\n## Totals\n')
out.append(f'- mutants: {total}; detected: {det} (killed {tot["KILLED"]}, timed out {tot["TIMED_OUT"]}); '
           f'survived: {tot["SURVIVED"]}; no coverage: {tot["NO_COVERAGE"]}')
out.append(f'- **mutation score: {pct:.1f}%** (detected / all mutants, as pitest counts it)\n')
out.append('| packages | mutants | detected | score | bar | |')
out.append('| --- | ---: | ---: | ---: | ---: | --- |')
group_lines = []
for name, pkgs, bar in GROUPS:
    c = collections.Counter()
    for pkg in per_pkg:
        if pkg.rsplit('.', 1)[1] in pkgs:
            c.update(per_pkg[pkg])
    if c['total'] == 0:
        continue
    d, t, p = score(c)
    out.append(f'| {name} | {t} | {d} | {p:.1f}% | {bar:.0f}% | {"reached" if p >= bar else "**not reached**"} |')
    group_lines.append(f'{name}: {p:.1f}% ({d}/{t}), bar {bar:.0f}%')
out.append('')
out.append('| package | mutants | detected | survived | no coverage | score |')
out.append('| --- | ---: | ---: | ---: | ---: | ---: |')
for pkg in sorted(per_pkg):
    c = per_pkg[pkg]
    d, t, p = score(c)
    out.append(f'| {pkg} | {t} | {d} | {c["SURVIVED"]} | {c["NO_COVERAGE"]} | {p:.1f}% |')
unexplained = [m for m in open_mutants if m[7] is None]
kinds = collections.Counter((m[7] or 'UNEXPLAINED').split(':')[0].split(' ')[0] for m in open_mutants)
out.append('')
out.append('The ' + str(len(open_mutants)) + ' mutants not detected, by the kind of their reason: '
           + ', '.join(f'{k} {n}' for k, n in kinds.most_common()) + '. '
           + ('The **open** ones are neither killed nor shown equivalent: they are the work left.'
              if kinds['open'] or kinds['UNEXPLAINED'] else
              'None is open: every one is explained below, and none lacks a reason.'))
out.append('')
out.append(f'## Every mutant not detected ({len(open_mutants)}; {len(unexplained)} without a recorded reason)\n')
out.append('Reasons (the first word is the kind): **equivalent** — no program, engine or caller can tell the '
           'mutant from the original; **redundant** — another check reports the same violation at the same '
           'statement with the same message, so nothing observable changes; **defensive** — the check cannot '
           'fire because an earlier check already stops every input that would reach it; **schedule** — the '
           'mutant changes only when an amortised check (sweep, chain walk) runs, never what it checks; '
           '**cost** — killing it needs a test too large to keep (stated); **open** — a real gap, not yet '
           'killed.\n')
cur = None
for pkg, cls, line, method, mut, desc, status, reason in sorted(open_mutants):
    key = pkg + '.' + cls.split('$')[0]
    if key != cur:
        out.append(f'\n### {key}\n')
        out.append('| line | method | mutator | status | reason |')
        out.append('| ---: | --- | --- | --- | --- |')
        cur = key
    short = mut.replace('RemoveConditionalMutator_', 'RemoveCond_').replace('Mutator', '')
    out.append(f'| {line} | {method} | {short}: {desc} | {status} | {reason or "UNEXPLAINED"} |')
with open('reports/mutation.md', 'w', encoding='utf-8') as f:
    f.write('\n'.join(out) + '\n')
for key in sorted(set(reasons) - used):
    print('reason matches no undetected mutant:', '\t'.join(key), file=sys.stderr)
print(f'score {pct:.1f}% ({det}/{total}); not detected {len(open_mutants)}, without a reason {len(unexplained)}')
for pkg in sorted(per_pkg):
    print(pkg, '%.1f%%' % score(per_pkg[pkg])[2])
for g in group_lines:
    print(g)

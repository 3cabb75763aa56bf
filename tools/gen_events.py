#!/usr/bin/env python3
"""Compiles the shared event-coding dictionaries into the one compact file the
events annotator loads at engine start (see data/README.md):

  data/events/cameo.tsv

from ../shared/data/events/: CAMEO.2.0.txt (verb blocks, patterns, synsets),
Phoenix.agents.txt (agents, plurals expanded), cameo-codes.tsv (Goldstein and
QuadClass) and CAMEO2PLOVER-2021.txt (PLOVER event type). The Phoenix actor
dictionaries are compiled by tools/gen_gazetteer.py (data/actors/actors.tsv,
with their date restrictions) and shared with the entities annotator.

Usage: tools/gen_events.py [SHARED_DATA_DIR] [OUT_DATA_DIR]
       (defaults: ../shared/data and data, relative to the source tree)

Line kinds (TAB-separated, words lower case, phrases space-separated):
  C code goldstein quad plover           one per CAMEO code
  A phrase code mode                     agent; mode '~X' appends X to a country
                                         code, 'X~' puts X before it
  S NAME phrase|phrase|...               synset (&NAME in patterns)
  B NAME code                            a verb block opens (code '---': none)
  V lemma particle code form|form        a verb of the block (code: its own or
                                         the block's; particle may be empty)
  P pre post active passive              a pattern of the block: pre and post
                                         are token lists (words, &SYN, ( ) { }
                                         $ + ^ %), codes '---' when none
  T rule                                 a transformation, verbatim
Output is deterministic (input order kept)."""
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SHARED = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, '..', '..', 'shared', 'data')
OUT = sys.argv[2] if len(sys.argv) > 2 else os.path.join(HERE, '..', 'data')
EV = os.path.join(SHARED, 'events')


def words(s):
    return ' '.join(s.replace('_', ' ').lower().split())


def codes():
    plover = {}
    with open(os.path.join(EV, 'CAMEO2PLOVER-2021.txt'), encoding='utf-8') as f:
        for line in f:
            if line.startswith('#') or line.startswith('~') or ':' not in line:
                continue
            code, rest = line.split(':', 1)
            code = code.strip()
            ev = rest.split('#', 1)[0].split(',')[0].strip()
            if code.isdigit() and ev:
                plover[code] = ev.upper()
    out = []
    with open(os.path.join(EV, 'cameo-codes.tsv'), encoding='utf-8') as f:
        next(f)
        for line in f:
            c = line.rstrip('\n').split('\t')
            code = c[0]
            # PLOVER of the code, else of its 3-digit parent, else of its root.
            p = plover.get(code) or plover.get(code[:3]) or plover.get(code[:2]) or '-'
            out.append('C\t%s\t%s\t%s\t%s' % (code, c[2], c[3], p))
            KNOWN.add(code)
    return out


def agents():
    subst = {}
    out = []
    seen = set()
    with open(os.path.join(EV, 'Phoenix.agents.txt'), encoding='utf-8') as f:
        for line in f:
            line = line.split('#', 1)[0].rstrip()
            if not line.strip():
                continue
            m = re.match(r'^(![A-Z]+!)\s*=\s*(.*)$', line)
            if m:
                subst[m.group(1)] = [w.strip() for w in m.group(2).split(',') if w.strip()]
                continue
            m = re.match(r'^([^\[{]+?)\s*(\{[^}]*\})?\s*\[([^\]]*)\]\s*$', line)
            if not m:
                continue
            phrase, plurals, code = m.group(1).strip(), m.group(2), m.group(3).strip()
            if '~' not in code:
                continue
            forms = [phrase]
            for k, vals in subst.items():
                if k in phrase:
                    forms = [phrase.replace(k, v) for v in vals]
            if '!' in phrase and forms == [phrase]:
                continue
            all_forms = []
            for p in forms:
                all_forms.append(p)
                if plurals is None and '!' not in phrase:
                    if p.endswith('Y') and not p.endswith(('AY', 'EY', 'OY')):
                        all_forms.append(p[:-1] + 'IES')
                    elif p.endswith(('S', 'X', 'CH', 'SH')):
                        all_forms.append(p + 'ES')
                    else:
                        all_forms.append(p + 'S')
            if plurals:
                all_forms += [w for w in plurals[1:-1].split() if w]
            mode = code
            for p in all_forms:
                key = words(p)
                if key and key not in seen:
                    seen.add(key)
                    out.append('A\t%s\t%s' % (key, mode))
    return out


KNOWN = set()


def known(code):
    """A code of cameo-codes.tsv: CAMEO.2.0 codes outside CAMEO 1.1b3 (1213,
    176, 1952) become their longest known prefix; none gives '---'."""
    code = code.strip()
    while code and code not in KNOWN:
        code = code[:-1]
    return code if len(code) >= 2 else '---'


def verbs():
    out = []
    synset = None
    block = None
    with open(os.path.join(EV, 'CAMEO.2.0.txt'), encoding='utf-8') as f:
        lines = f.read().split('\n')
    syns = []
    for raw in lines:
        line = raw.split('#', 1)[0].rstrip() if not raw.startswith('~') else raw.rstrip()
        if not line.strip():
            continue
        if line.startswith('&'):
            synset = [line.strip().lstrip('&').rstrip('_'), []]
            syns.append(synset)
            continue
        if line.startswith('+') and block is None and synset is not None:
            synset[1].append(words(line[1:].strip()))
            continue
        if line.startswith('---'):
            synset = None
            m = re.match(r'^---\s*(.*?)\s*\[([^\]]*)\]\s*---', line)
            if not m:
                continue
            block = words(m.group(1))
            out.append('B\t%s\t%s' % (block.replace(' ', '_'), known(m.group(2).split(':')[0])))
            continue
        if line.startswith('~'):
            out.append('T\t%s' % ' '.join(line[1:].split()))
            continue
        if block is None:
            continue
        if line.startswith('-'):
            m = re.match(r'^-\s*(.*?)\s*\[([^\]]*)\]\s*$', line)
            if not m:
                continue
            body, code = m.group(1), m.group(2).strip()
            body = body.replace('(', ' ( ').replace(')', ' ) ').replace('{', ' { ').replace('}', ' } ')
            toks = body.split()
            if '*' not in toks:
                continue
            i = toks.index('*')
            pre = [t if t[0] in '&$+^%(){}' else words(t).replace(' ', '_') for t in toks[:i]]
            post = [t if t[0] in '&$+^%(){}' else words(t).replace(' ', '_') for t in toks[i + 1:]]
            act, _, pas = code.partition(':')
            act = known(act)
            pas = known(pas) if ':' in code else act
            names = set(t[1:].rstrip('_') for t in pre + post if t.startswith('&'))
            if names - set(n for n, _ in syns):
                print('dropped (synset not defined in CAMEO.2.0.txt): %s' % raw.strip()[:70])
                continue
            out.append('P\t%s\t%s\t%s\t%s' % (' '.join(pre), ' '.join(post), act, pas))
            continue
        # a verb line: VERB {FORMS} [CODE]
        m = re.match(r'^(\S+)\s*(\{[^}]*\})?\s*(\[[^\]]*\])?', line.strip())
        if not m:
            continue
        verb = m.group(1)
        forms = [w.lstrip('+') for w in (m.group(2) or '{}')[1:-1].split()]
        code = m.group(3)[1:-1].strip() if m.group(3) else ''
        ws = verb.lstrip('+').lower().split('_')
        ws = [w for w in ws if w]
        if not ws:
            continue
        lemma, particle = ws[0], ' '.join(ws[1:])
        fs = sorted(set(w.split('_')[0].lower() for w in forms if w))
        out.append('V\t%s\t%s\t%s\t%s' % (lemma, particle, known(code) if code else '-', '|'.join(fs)))
    head = ['S\t%s\t%s' % (n, '|'.join(ws)) for n, ws in syns if ws]
    return head + out


def main():
    os.makedirs(os.path.join(OUT, 'events'), exist_ok=True)
    c, a, v = codes(), agents(), verbs()
    path = os.path.join(OUT, 'events', 'cameo.tsv')
    with open(path, 'w', encoding='utf-8', newline='\n') as f:
        f.write('# parallax events dictionary: built by tools/gen_events.py; see data/README.md\n')
        for line in c + a + v:
            f.write(line + '\n')
    kinds = {}
    for line in c + a + v:
        kinds[line[0]] = kinds.get(line[0], 0) + 1
    print('%s: %s' % (path, ', '.join('%s %d' % kv for kv in sorted(kinds.items()))))


if __name__ == '__main__':
    main()

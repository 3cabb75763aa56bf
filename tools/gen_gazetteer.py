#!/usr/bin/env python3
"""Compiles the shared gazetteer and actor dictionaries into the compact files
the entities annotator loads (see data/README.md):

  data/gazetteer/places.tsv    countries, admin-1 regions, cities >= 100,000 and capitals
  data/gazetteer/towns.tsv     the other GeoNames cities15000 places
  data/gazetteer/demonyms.tsv  demonyms and adjectives -> country (mledoze)
  data/actors/actors.tsv       Phoenix actor phrases -> CAMEO codes with dates

Usage: tools/gen_gazetteer.py [SHARED_DATA_DIR] [OUT_DATA_DIR]
       (defaults: ../shared/data and data, relative to the source tree)

Names outside ASCII are folded with ICU's uconv ("Any-Latin; Latin-ASCII;
Lower", the transliterator the library's folder uses) so the library loads
plain ASCII keys quickly. Output is sorted and deterministic."""
import gzip
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SHARED = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, '..', '..', 'shared', 'data')
OUT = sys.argv[2] if len(sys.argv) > 2 else os.path.join(HERE, '..', 'data')
ALT_MIN_POP = 100000  # cities at least this big keep their alternate names

# Letters of Latin, Greek and Cyrillic scripts, with spaces, hyphens, apostrophes, periods.
NAME_RE = re.compile(r"^[A-Za-z\u00C0-\u024F\u0370-\u03FF\u0400-\u04FF\u1E00-\u1EFF .'\-\u2019]+$")


def fold_all(names):
    """Folds a set of names; returns a dict name -> key."""
    out = {}
    todo = []
    for n in names:
        if n.isascii():
            out[n] = ' '.join(n.lower().split())
        else:
            todo.append(n)
    if todo:
        p = subprocess.run(['uconv', '-f', 'utf-8', '-t', 'utf-8', '-x',
                            'Any-Latin; Latin-ASCII; Lower'],
                           input='\n'.join(todo) + '\n', capture_output=True,
                           text=True, check=True)
        res = p.stdout.split('\n')
        for n, k in zip(todo, res):
            out[n] = ' '.join(k.split())
    return out


def good_alt(a):
    if len(a) < 2 or len(a) > 40 or not NAME_RE.match(a):
        return False
    if len(a) <= 3 and a.isupper():
        return False  # IATA codes and the like
    return True


def clean(s):
    return s.replace('\t', ' ').replace('|', ' ').strip()


def places():
    rows = []  # (kind, cc, capital, lat, lon, pop, name, [names])
    dem = {}
    coords = {}
    with open(os.path.join(SHARED, 'gazetteer', 'demonyms.tsv'), encoding='utf-8') as f:
        head = f.readline().rstrip('\n').split('\t')
        for line in f:
            r = dict(zip(head, line.rstrip('\n').split('\t')))
            cc = r['cca2']
            names = [r['name_common'], r['name_official']]
            for a in r['alt_spellings'].split('|'):
                if len(a) >= 3 or a in ('US', 'UK'):
                    names.append(a)
            dem[cc] = ([r['demonym_eng_m'], r['demonym_eng_f']], names)
            try:
                coords[cc] = (float(r['lat']), float(r['lng']))
            except ValueError:
                pass
    capitals = {}
    with open(os.path.join(SHARED, 'gazetteer', 'countryInfo.tsv'), encoding='utf-8') as f:
        head = f.readline().rstrip('\n').split('\t')
        for line in f:
            r = dict(zip(head, line.rstrip('\n').split('\t')))
            cc = r['ISO']
            if cc in ('CS', 'AN'):
                continue
            names = [r['Country']] + (dem[cc][1] if cc in dem else [])
            lat, lon = coords.get(cc, (None, None))
            rows.append(('C', cc, 0, lat, lon, int(r['Population'] or 0), r['Country'], names))
            capitals[cc] = r['Capital'].strip()
    with open(os.path.join(SHARED, 'gazetteer', 'admin1.tsv'), encoding='utf-8') as f:
        f.readline()
        for line in f:
            code, name, ascii_, _gid = line.rstrip('\n').split('\t')
            cc = code.split('.')[0]
            rows.append(('A', cc, 0, None, None, 0, name, [name, ascii_]))
    with gzip.open(os.path.join(SHARED, 'gazetteer', 'cities15000.tsv.gz'), 'rt',
                   encoding='utf-8') as f:
        f.readline()
        for line in f:
            c = line.rstrip('\n').split('\t')
            name, ascii_, alts = c[1], c[2], c[3]
            lat, lon, code, cc, pop = float(c[4]), float(c[5]), c[7], c[8], int(c[14] or 0)
            names = [name, ascii_]
            if pop >= ALT_MIN_POP or code in ('PPLC', 'PPLA'):
                names += [a for a in alts.split(',') if good_alt(a)]
            cap = 1 if code == 'PPLC' else 0
            rows.append(('P', cc, cap, lat, lon, pop, name, names))
    allnames = set()
    for r in rows:
        allnames.update(clean(n) for n in r[7])
    for cc, (dm, _) in dem.items():
        allnames.update(clean(n) for n in dm)
    keys = fold_all(allnames)
    os.makedirs(os.path.join(OUT, 'gazetteer'), exist_ok=True)
    big = open(os.path.join(OUT, 'gazetteer', 'places.tsv'), 'w', encoding='utf-8')
    small = open(os.path.join(OUT, 'gazetteer', 'towns.tsv'), 'w', encoding='utf-8')
    for f in (big, small):
        f.write('# kind\tcc\tcapital\tlat\tlon\tpopulation\tkeys (| separated, main first)\n')
    for kind, cc, cap, lat, lon, pop, name, names in rows:
        ks = []
        for n in [name] + names:
            k = keys.get(clean(n), '')
            if k and k not in ks and '|' not in k:
                ks.append(k)
        if not ks:
            continue
        la = '' if lat is None else ('%.3f' % lat).rstrip('0').rstrip('.')
        lo = '' if lon is None else ('%.3f' % lon).rstrip('0').rstrip('.')
        f = small if kind == 'P' and pop < 100000 and not cap else big
        f.write('%s\t%s\t%d\t%s\t%s\t%d\t%s\n' % (kind, cc, cap, la, lo, pop, '|'.join(ks)))
    big.close()
    small.close()
    with open(os.path.join(OUT, 'gazetteer', 'demonyms.tsv'), 'w', encoding='utf-8') as f:
        f.write('# cc\tkeys (| separated)\n')
        for cc in sorted(dem):
            ks = []
            for n in dem[cc][0]:
                k = keys.get(clean(n), '')
                if k and k not in ks:
                    ks.append(k)
            if ks:
                f.write('%s\t%s\n' % (cc, '|'.join(ks)))


def ymd(s):
    if len(s) == 6 and s.isdigit():
        yy = int(s[:2])
        return (2000 + yy if yy <= 30 else 1900 + yy) * 10000 + int(s[2:])
    if len(s) == 8 and s.isdigit():
        return int(s)
    return None


CODE_RE = re.compile(r'\[([^\]]*)\]')


def codes_of(text):
    out = []
    for body in CODE_RE.findall(text):
        parts = body.split()
        if not parts or parts[0].startswith('~') or parts[0].endswith('~'):
            continue
        code = parts[0]
        if not re.match(r'^[A-Z]{3,15}$', code):
            continue
        lo, hi = 0, 99999999
        if len(parts) > 1:
            d = parts[1]
            if d.startswith('<'):
                hi = ymd(d[1:])
            elif d.startswith('>'):
                lo = ymd(d[1:])
            elif '-' in d:
                a, b = d.split('-', 1)
                lo, hi = ymd(a), ymd(b)
            else:
                lo = None
            if lo is None or hi is None:
                continue  # a malformed date: skip the code
        out.append((code, lo, hi))
    return out


def phrase(tok):
    tok = tok.strip().rstrip('_')
    words = [w for w in tok.split('_') if w]
    return ' '.join(words).lower() if words else None


def actors():
    entries = []
    for fn in ('Phoenix.Countries.actors.txt', 'Phoenix.International.actors.txt',
               'Phoenix.MilNonState.actors.txt'):
        cur = None
        with open(os.path.join(SHARED, 'events', fn), encoding='utf-8', errors='replace') as f:
            for line in f:
                line = line.rstrip('\n').split('#', 1)[0]
                if not line.strip():
                    continue
                if line[0] in ' \t':
                    if cur:
                        cur[1].extend(codes_of(line))
                    continue
                if line[0] == '+':
                    p = phrase(line[1:].split('[')[0].split()[0] if line[1:].split() else '')
                    if cur and p:
                        cur[0].append(p)
                        cur[1].extend(codes_of(line))
                    continue
                first = line.split()[0]
                p = phrase(first.split('[')[0])
                if not p:
                    cur = None
                    continue
                cur = ([p], codes_of(line[len(first):]))
                entries.append(cur)
    os.makedirs(os.path.join(OUT, 'actors'), exist_ok=True)
    with open(os.path.join(OUT, 'actors', 'actors.tsv'), 'w', encoding='utf-8') as f:
        f.write('# phrases (| separated, head first)\tcodes (CODE or CODE:FROM:TO, ; separated)\n')
        for names, codes in entries:
            if not codes:
                continue
            ns = []
            for n in names:
                if n not in ns and '|' not in n and '\t' not in n:
                    ns.append(n)
            cs = []
            for code, lo, hi in codes:
                c = code if (lo, hi) == (0, 99999999) else '%s:%d:%d' % (code, lo, hi)
                if c not in cs:
                    cs.append(c)
            f.write('%s\t%s\n' % ('|'.join(ns), ';'.join(cs)))


places()
actors()

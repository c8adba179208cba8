#!/usr/bin/env python3
# For each __patchable_function_entries record: section+addend, and the function it belongs to;
# checks record (= first pre-NOP = literal slot) 8-byte alignment, with section alignment.
import subprocess, sys, re
obj = sys.argv[1]
def run(*a): return subprocess.run(a, capture_output=True, text=True).stdout
# section index -> (name, align)
secs = {}
for l in run('readelf', '-SW', obj).splitlines():
    m = re.match(r'\s*\[\s*(\d+)\]\s+(\S+)\s+\S+\s+\S+\s+\S+\s+\S+\s+\S+\s+\S*\s+\d+\s+\d+\s+(\d+)$', l)
    if m: secs[m.group(2)] = int(m.group(3))
# symbols: name -> (section, value)
funcs = []
for l in run('readelf', '-sW', obj).splitlines():
    p = l.split()
    if len(p) >= 8 and p[3] == 'FUNC':
        funcs.append((p[7], int(p[1], 16), p[6]))
shndx = {}
for l in run('readelf', '-SW', obj).splitlines():
    m = re.match(r'\s*\[\s*(\d+)\]\s+(\S+)', l)
    if m: shndx[m.group(1)] = m.group(2)
# relocs of __patchable_function_entries
out = run('readelf', '-rW', obj)
sect = None; bad = 0; n = 0
for l in out.splitlines():
    if l.startswith('Relocation section'):
        sect = l.split("'")[1]
        continue
    if sect != '.rela__patchable_function_entries': continue
    p = l.split()
    if len(p) < 7 or not p[0][0].isdigit(): continue
    sym = p[4]; add = int(p[6], 16) if p[5] == '+' else -int(p[6], 16)
    # symbol is usually a section symbol or a function symbol
    tsec = sym
    base = 0
    for f in funcs:
        if f[0] == sym:
            tsec = shndx[f[2]]; base = f[1]
    addr = base + add
    fn = [f[0] for f in funcs if shndx.get(f[2]) == tsec and f[1] == addr + 8]
    fn2 = [f[0] for f in funcs if shndx.get(f[2]) == tsec and f[1] == addr]
    al = secs.get(tsec, 0)
    ok = (addr % 8 == 0) and al >= 8
    n += 1; bad += not ok
    print(f"{'OK ' if ok else 'BAD'} rec {tsec}+{addr:#x} (sec align {al}) func@+8={fn} func@+0={fn2}")
print(f"{obj}: {n} records, {bad} not 8-byte aligned")

#!/usr/bin/env python3
# Count ftrace callsite records (between __start_mcount_loc and __stop_mcount_loc) whose
# pre-function literal slot is not 8-byte aligned, in a linked arm64 image.  With
# -shared --no-apply-dynamic-relocs (arm64 vmlinux) the values live only in the
# R_AARCH64_RELATIVE addends; otherwise in the section contents.
import subprocess, sys, struct
img = sys.argv[1]
def run(*a): return subprocess.run(a, capture_output=True, text=True).stdout
syms = {}
for l in run('aarch64-linux-gnu-nm', img).splitlines():
    p = l.split()
    if len(p) == 3: syms[p[2]] = int(p[0], 16)
s, e = syms['__start_mcount_loc'], syms['__stop_mcount_loc']
recs = []
for l in run('aarch64-linux-gnu-readelf', '-rW', img).splitlines():
    p = l.split()
    if len(p) >= 4 and p[2] == 'R_AARCH64_RELATIVE':
        off = int(p[0], 16)
        if s <= off < e: recs.append(int(p[-1], 16) & (2**64-1))
if not recs:  # relocations applied: read the section bytes
    out = subprocess.run(['aarch64-linux-gnu-objcopy', '-O', 'binary', '--only-section=__mcount', img, '/dev/stdout'], capture_output=True).stdout
    recs = [v for (v,) in struct.iter_unpack('<Q', out) if v]
bysym = sorted((v, k) for k, v in syms.items())
bad = [r for r in recs if r % 8]
for r in bad:
    name = max((x for x in bysym if x[0] <= r + 8), default=(0, '?'))[1]
    print(f'misaligned literal slot {r:#x} ({name})')
print(f'{img}: {len(recs)} records, {len(bad)} misaligned')

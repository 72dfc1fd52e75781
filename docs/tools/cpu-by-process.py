#!/usr/bin/env python3
"""The build's CPU by kind of process (docs/benchmarks.md, "The whole build").

usage: cpu-by-process.py OUT : every 2 s, attribute the CPU time used since the last look to a
kind of process (by command line); on SIGTERM, write the totals (CPU seconds) per kind to OUT.
Processes that start and end between two looks are missed (a few short-lived helpers)."""
import os, signal, sys, time, json
HZ = os.sysconf('SC_CLK_TCK')
out = sys.argv[1]
seen = {}      # pid -> (starttime, last cpu ticks, kind)
totals = {}
def kind(cmd, cwd):
    if 'KernelMain' in cmd: return 'kernel JVMs'
    if 'surefirebooter' in cmd:
        return 'test JVM (' + ('server' if '/server' in cwd else 'solutions' if '/solutions' in cwd else cwd.rsplit('/',1)[-1]) + ')'
    if 'plexus-classworlds' in cmd: return 'Maven'
    if 'chrom' in cmd: return 'Chromium'
    if 'postgres' in cmd: return 'PostgreSQL'
    if 'bwrap' in cmd or 'nsenter' in cmd: return 'sandbox (bwrap, nsenter)'
    if 'rampart.server.Main' in cmd or 'rampart-server' in cmd: return 'server processes started by tests'
    if 'java' in cmd: return 'other JVMs'
    return 'other'
def look():
    for pid in os.listdir('/proc'):
        if not pid.isdigit(): continue
        try:
            with open(f'/proc/{pid}/stat') as f: st = f.read()
            fields = st[st.rindex(')') + 2:].split()
            ticks = int(fields[11]) + int(fields[12]); start = fields[19]
            prev = seen.get(pid)
            if prev is None or prev[0] != start:
                with open(f'/proc/{pid}/cmdline', 'rb') as f: cmd = f.read().replace(b'\0', b' ').decode(errors='replace')
                try: cwd = os.readlink(f'/proc/{pid}/cwd')
                except OSError: cwd = ''
                k = kind(cmd, cwd)
                base = ticks if prev is None and first else 0
                seen[pid] = (start, base, k); prev = seen[pid]
            delta = ticks - prev[1]
            if delta > 0: totals[prev[2]] = totals.get(prev[2], 0) + delta
            seen[pid] = (start, ticks, prev[2])
        except (OSError, ValueError, IndexError):
            pass
def finish(*_):
    with open(out, 'w') as f:
        for k, v in sorted(totals.items(), key=lambda kv: -kv[1]):
            f.write(f'{v / HZ:8.1f} s  {k}\n')
    sys.exit(0)
signal.signal(signal.SIGTERM, finish)
first = True
look(); first = False
while True:
    time.sleep(2); look()

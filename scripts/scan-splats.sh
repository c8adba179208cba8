#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# scan-splats.sh LOG...: look for kernel splats in kernel logs.
# Prints one verdict line per log and exits
#   0  every log is readable and clean,
#   1  a splat was found,
#   2  a log is missing, empty or not a kernel log.
# It fails closed: a log it cannot read is never reported clean.
set -u

# The deny list: what a splat looks like in a 6.1 kernel log.
DENY='BUG: |kernel BUG at|WARNING: |Oops|Internal error: |Unable to handle kernel|general protection fault|Kernel panic|soft lockup|hard LOCKUP|Watchdog detected hard LOCKUP|rcu: INFO: .*detected stall|rcu_.* self-detected stall|detected stalls on CPUs|blocked for more than [0-9]+ seconds|UBSAN: |KASAN: |list_add corruption|list_del corruption|possible recursive locking|inconsistent lock state|scheduling while atomic|Call trace:|Call Trace:'

worst=0
for log in "$@"; do
	if [ ! -r "$log" ] || [ ! -s "$log" ]; then
		echo "unreadable: $log: missing or empty"
		[ $worst -lt 2 ] && worst=2
		continue
	fi
	if ! grep -aq 'Linux version ' "$log"; then
		echo "unreadable: $log: no 'Linux version' line, not a whole kernel log"
		[ $worst -lt 2 ] && worst=2
		continue
	fi
	hit=$(grep -aEn "$DENY" "$log" | head -1)
	if [ -n "$hit" ]; then
		echo "splat: $log:$hit"
		[ $worst -lt 1 ] && worst=1
		continue
	fi
	echo "clean: $log"
done
[ $# -gt 0 ] || { echo "unreadable: no log given"; worst=2; }
exit $worst

#!/bin/bash
# $1 = compiler cmd, $2 = opt, $3 = extra flags, $4 = tag
S=/work/main/build/linux/scripts/dtc
mkdir -p out-$4; n=0
for f in $S/*.c $S/libfdt/*.c /work/main/build/linux/scripts/kallsyms.c /work/main/build/linux/scripts/mod/modpost.c /work/main/build/linux/scripts/mod/file2alias.c /work/main/build/linux/scripts/sorttable.c; do
  b=$(basename $f .c)
  $1 $2 $3 -w -I$S -I$S/libfdt -I/work/main/build/linux/scripts/include -I/work/main/build/linux/tools/include -c $f -o out-$4/$b.o 2>/dev/null && n=$((n+1))
done
echo "$4: compiled $n"

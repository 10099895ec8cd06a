#!/bin/bash
# The quality gates must catch what they are for (issue 12): each deliberate defect below makes
# `npm run check` fail. Each file is put back as it was after its run.   Usage: scripts/gate-mutations.sh
set -u
cd "$(dirname "$0")/.."
failed=0
run() { # title, file, text appended to the file
  local title=$1 file=$2 text=$3 backup
  backup=$(mktemp)
  cp "$file" "$backup"
  printf '%s\n' "$text" >>"$file"
  echo "=== $title ($file)"
  npm run check >/tmp/gate-mutation.out 2>&1
  local rc=$?
  cp "$backup" "$file" && rm -f "$backup"
  grep -E "error TS|lint/|Unused exports|^[a-zA-Z]+ +server/" /tmp/gate-mutation.out | head -4
  echo "npm run check exit code: $rc"
  if [ "$rc" -eq 0 ]; then
    echo "NOT CAUGHT"
    failed=1
  fi
  echo
}
run 'a type error' server/routers/meta.ts "const broken: number = 'text'; void broken;"
run 'a floating promise' server/services/scores/view-cache.ts '
export async function fireAndForget(tx: Tx): Promise<void> {
  refreshOnce(tx);
}
async function refreshOnce(_tx: Tx): Promise<number> {
  return 1;
}'
run 'a router importing Prisma' server/routers/meta.ts "import { Prisma } from '../generated/prisma/client';
export const prismaLeak = Prisma.sql;"
run 'an unused export' server/domain/periods.ts 'export const unusedThing = 1;'
exit $failed

#!/usr/bin/env bash
# Runs after the whole GoogleTest suite (ctest fixture cleanup): every rule that
# `tuanthu rules` declares was fired by at least one test, and no test saw a rule that is
# not declared. The tests record what they saw in build/fired-rules/ (tests/support.cpp).
set -euo pipefail
build="$1"
dir="$build/fired-rules"
[ -d "$dir" ] || { echo "no test recorded any finding in $dir"; exit 1; }
declared="$("$build/bin/tuanthu" rules | cut -f1 | sort -u)"
fired="$(cat "$dir"/* | grep -v '^test-' | sort -u)"  # test-*: the test plugins' own rules
status=0
unfired="$(comm -23 <(echo "$declared") <(echo "$fired"))"
if [ -n "$unfired" ]; then
  echo "declared rules that no test fires (add a test that produces each):"
  sed 's/^/  /' <<<"$unfired"
  status=1
fi
undeclared="$(comm -13 <(echo "$declared") <(echo "$fired"))"
if [ -n "$undeclared" ]; then
  echo "rules seen in tests that no component declares:"
  sed 's/^/  /' <<<"$undeclared"
  status=1
fi
[ "$status" = 0 ] && echo "$(wc -l <<<"$declared") declared rules, each fired by a test"
exit "$status"

#!/usr/bin/env bash
# Runs after the GoogleTest suite (ctest fixture cleanup): every rule that `tuanthu rules`
# declares was fired by at least one test, and no test saw a rule that is not declared.
# The tests record the rules they see and the tests that ran in build/fired-rules/
# (tests/support.cpp). A run of part of the suite (ctest -R) is skipped: it cannot tell.
set -euo pipefail
build="$1"  # $2: the GoogleTest binary
dir="$build/fired-rules"
all_tests="$("$2" --gtest_list_tests |
  awk '/^[^ ]/ {suite=$1} /^  / {print suite $1}' | sort -u)"
ran_tests="$(cat "$dir"/*.tests 2>/dev/null | sort -u || true)"
not_run="$(comm -23 <(echo "$all_tests") <(echo "$ran_tests") | wc -l)"
if [ "$not_run" -gt 0 ]; then
  echo "skipped: $not_run GoogleTest case(s) did not run; the rule check needs the whole suite"
  exit 77
fi
declared="$("$build/bin/tuanthu" rules | cut -f1 | sort -u)"
fired="$(cat "$dir"/*.rules | grep -v '^test-' | sort -u)"  # test-*: the test plugins' rules
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

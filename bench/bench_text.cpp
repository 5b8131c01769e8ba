// Micro-benchmarks of the text module: the comparison key and the NFC fast path.
#include <benchmark/benchmark.h>
#include <unicode/normalizer2.h>

#include <string>

#include "tuanthu/text.hpp"

namespace {
const std::string kName = "Ủy ban nhân dân phường Tân Thới Nhất";
std::string narrative() {
  std::string s;
  while (s.size() < 2000)
    s += "Trong năm 2025, phường đã tổ chức tuyên truyền các chương trình hành động vì trẻ em, "
         "lồng ghép vào các buổi sinh hoạt khu phố và tổ dân phố. ";
  return s;
}
std::string nfd(const std::string& s) {
  UErrorCode st = U_ZERO_ERROR;
  std::string out;
  icu::Normalizer2::getNFDInstance(st)
      ->normalize(icu::UnicodeString::fromUTF8(s), st)
      .toUTF8String(out);
  return out;
}
}  // namespace

static void BM_MatchKey(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(tuanthu::text::match_key(kName));
}
BENCHMARK(BM_MatchKey);

static void BM_LooseKey(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(tuanthu::text::loose_key(kName));
}
BENCHMARK(BM_LooseKey);

static void BM_NfcCleanText(benchmark::State& state) {
  const std::string s = narrative();
  for (auto _ : state) benchmark::DoNotOptimize(tuanthu::text::to_nfc(s));
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(s.size()));
}
BENCHMARK(BM_NfcCleanText);

static void BM_NfcDecomposedText(benchmark::State& state) {
  const std::string s = nfd(narrative());
  for (auto _ : state) benchmark::DoNotOptimize(tuanthu::text::to_nfc(s));
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(s.size()));
}
BENCHMARK(BM_NfcDecomposedText);

static void BM_WordCount(benchmark::State& state) {
  const std::string s = narrative();
  for (auto _ : state) benchmark::DoNotOptimize(tuanthu::text::word_count(s));
}
BENCHMARK(BM_WordCount);

static void BM_ParseNumber(benchmark::State& state) {
  for (auto _ : state)
    benchmark::DoNotOptimize(
        tuanthu::text::parse_number("1.234,5%", tuanthu::NumberStyle::Vietnamese));
}
BENCHMARK(BM_ParseNumber);

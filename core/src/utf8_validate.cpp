// UTF-8 validation of whole files (text::is_valid_utf8). Every report is validated before it
// is parsed, so this runs over every input byte: on x86-64 with AVX2 it uses the lookup
// algorithm of Keiser and Lemire ("Validating UTF-8 in less than one instruction per byte",
// 2021), 32 bytes at a time; elsewhere a scalar decoder with a 16-byte ASCII skip. Either
// way a bad file's first bad byte is found by the scalar decoder, so the offset in the
// message does not depend on the machine.
#include <cstdint>
#include <cstring>
#include <string_view>

#include "text_detail.hpp"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define TUANTHU_UTF8_AVX2 1
#include <immintrin.h>
#endif

namespace tuanthu::text::detail {

namespace {

// Length of the leading run of ASCII bytes of [p, p + n): 16 bytes at a time where SSE2 is
// the baseline (x86-64), else eight.
inline size_t ascii_run(const uint8_t* p, size_t n) {
  size_t i = 0;
#if defined(__SSE2__)
  for (; i + 16 <= n; i += 16) {
    const int mask = _mm_movemask_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i)));
    if (mask != 0) return i + static_cast<size_t>(__builtin_ctz(static_cast<unsigned>(mask)));
  }
#endif
  return i + ascii_prefix(reinterpret_cast<const char*>(p) + i, n - i);
}

}  // namespace

size_t utf8_error_scalar(std::string_view s, size_t from) {
  // The sequences Vietnamese uses (two and three bytes) are checked inline, without
  // assembling the code point as U8_NEXT does (RFC 3629: no overlong forms, no surrogates,
  // nothing above U+10FFFF).
  const auto* p = reinterpret_cast<const uint8_t*>(s.data());
  const size_t n = s.size();
  auto cont = [&](size_t k) { return k < n && (p[k] & 0xC0) == 0x80; };
  for (size_t i = from; i < n;) {
    const uint8_t b = p[i];
    if (b < 0x80) {
      i += ascii_run(p + i, n - i);
      continue;
    }
    if (b >= 0xC2 && b <= 0xDF) {
      if (cont(i + 1)) {
        i += 2;
        continue;
      }
    } else if (b >= 0xE0 && b <= 0xEF) {
      const uint8_t lo = b == 0xE0 ? 0xA0 : 0x80, hi = b == 0xED ? 0x9F : 0xBF;
      if (i + 1 < n && p[i + 1] >= lo && p[i + 1] <= hi && cont(i + 2)) {
        i += 3;
        continue;
      }
    } else if (b >= 0xF0 && b <= 0xF4) {
      const uint8_t lo = b == 0xF0 ? 0x90 : 0x80, hi = b == 0xF4 ? 0x8F : 0xBF;
      if (i + 1 < n && p[i + 1] >= lo && p[i + 1] <= hi && cont(i + 2) && cont(i + 3)) {
        i += 4;
        continue;
      }
    }
    return i;
  }
  return n;
}

#ifdef TUANTHU_UTF8_AVX2

namespace {

// Where the scalar decoder may take over once the SIMD pass flags a block starting at `at`:
// every block before passed, so [0, at) is valid UTF-8 except perhaps for a sequence its
// last three bytes leave unfinished. The last byte among them that is not a continuation
// byte starts a sequence (or is ASCII); with none, the three are the end of a complete
// four-byte sequence and `at` is a boundary.
size_t restart_point(const uint8_t* p, size_t at) {
  for (size_t k = 1; k <= 3 && k <= at; ++k)
    if ((p[at - k] & 0xC0) != 0x80) return at - k;
  return at;
}

// The error bits of Keiser and Lemire's lookup tables (section 6 of the paper; the same
// tables as simdjson and simdutf).
constexpr uint8_t kTooShort = 1 << 0;   // lead byte, then no continuation byte
constexpr uint8_t kTooLong = 1 << 1;    // ASCII, then a continuation byte
constexpr uint8_t kOverlong3 = 1 << 2;  // E0 80..9F
constexpr uint8_t kTooLarge = 1 << 3;   // F4 90..BF, or a lead from F5
constexpr uint8_t kSurrogate = 1 << 4;  // ED A0..BF
constexpr uint8_t kOverlong2 = 1 << 5;  // C0, C1
constexpr uint8_t kTooLarge1000 = 1 << 6;
constexpr uint8_t kOverlong4 = 1 << 6;  // F0 80..8F
constexpr uint8_t kTwoConts = 1 << 7;   // two continuation bytes: right only within a sequence
constexpr uint8_t kCarry = kTooShort | kTooLong | kTwoConts;

#define TUANTHU_AVX2 __attribute__((target("avx2")))

TUANTHU_AVX2 inline __m256i table16(uint8_t a0, uint8_t a1, uint8_t a2, uint8_t a3, uint8_t a4,
                                    uint8_t a5, uint8_t a6, uint8_t a7, uint8_t a8, uint8_t a9,
                                    uint8_t a10, uint8_t a11, uint8_t a12, uint8_t a13, uint8_t a14,
                                    uint8_t a15) {
  const auto c = [](uint8_t v) { return static_cast<char>(v); };
  return _mm256_setr_epi8(c(a0), c(a1), c(a2), c(a3), c(a4), c(a5), c(a6), c(a7), c(a8), c(a9),
                          c(a10), c(a11), c(a12), c(a13), c(a14), c(a15), c(a0), c(a1), c(a2),
                          c(a3), c(a4), c(a5), c(a6), c(a7), c(a8), c(a9), c(a10), c(a11), c(a12),
                          c(a13), c(a14), c(a15));
}

// The block `in` shifted by `k` bytes, its first bytes taken from the end of `prev`.
template <int k>
TUANTHU_AVX2 inline __m256i prev_bytes(__m256i in, __m256i prev) {
  return _mm256_alignr_epi8(in, _mm256_permute2x128_si256(prev, in, 0x21), 16 - k);
}

struct Avx2Tables {
  __m256i byte1_high, byte1_low, byte2_high, low_nibble, incomplete_max;
};

TUANTHU_AVX2 inline Avx2Tables avx2_tables() {
  Avx2Tables t;
  t.byte1_high = table16(kTooLong, kTooLong, kTooLong, kTooLong, kTooLong, kTooLong, kTooLong,
                         kTooLong,                                             // ASCII
                         kTwoConts, kTwoConts, kTwoConts, kTwoConts,           // 10xx
                         kTooShort | kOverlong2,                               // 1100
                         kTooShort,                                            // 1101
                         kTooShort | kOverlong3 | kSurrogate,                  // 1110
                         kTooShort | kTooLarge | kTooLarge1000 | kOverlong4);  // 1111
  constexpr uint8_t big = kCarry | kTooLarge | kTooLarge1000;
  t.byte1_low = table16(kCarry | kOverlong3 | kOverlong2 | kOverlong4, kCarry | kOverlong2, kCarry,
                        kCarry, kCarry | kTooLarge, big, big, big, big, big, big, big, big,
                        big | kSurrogate, big, big);
  constexpr uint8_t c80 =
      kTooLong | kOverlong2 | kTwoConts | kOverlong3 | kTooLarge1000 | kOverlong4;
  constexpr uint8_t c90 = kTooLong | kOverlong2 | kTwoConts | kOverlong3 | kTooLarge;
  constexpr uint8_t ca0 = kTooLong | kOverlong2 | kTwoConts | kSurrogate | kTooLarge;
  t.byte2_high =
      table16(kTooShort, kTooShort, kTooShort, kTooShort, kTooShort, kTooShort, kTooShort,
              kTooShort, c80, c90, ca0, ca0, kTooShort, kTooShort, kTooShort, kTooShort);
  t.low_nibble = _mm256_set1_epi8(0x0F);
  // A block whose last three bytes are 1111xxxx / 111xxxxx / 11xxxxxx at these places
  // leaves a sequence open for the next block.
  alignas(32) uint8_t max[32];
  std::memset(max, 0xFF, sizeof max);
  max[29] = 0xF0 - 1;
  max[30] = 0xE0 - 1;
  max[31] = 0xC0 - 1;
  t.incomplete_max = _mm256_load_si256(reinterpret_cast<const __m256i*>(max));
  return t;
}

// Error bits of one 32-byte block, given the block before it.
TUANTHU_AVX2 inline __m256i block_errors(const Avx2Tables& t, __m256i in, __m256i prev) {
  const __m256i prev1 = prev_bytes<1>(in, prev);
  const __m256i b1_high = _mm256_shuffle_epi8(
      t.byte1_high, _mm256_and_si256(_mm256_srli_epi16(prev1, 4), t.low_nibble));
  const __m256i b1_low = _mm256_shuffle_epi8(t.byte1_low, _mm256_and_si256(prev1, t.low_nibble));
  const __m256i b2_high =
      _mm256_shuffle_epi8(t.byte2_high, _mm256_and_si256(_mm256_srli_epi16(in, 4), t.low_nibble));
  const __m256i special = _mm256_and_si256(_mm256_and_si256(b1_high, b1_low), b2_high);
  // A byte two after a three- or four-byte lead, or three after a four-byte lead, must be a
  // continuation: that is where kTwoConts is right, and the xor clears it.
  const __m256i prev2 = prev_bytes<2>(in, prev);
  const __m256i prev3 = prev_bytes<3>(in, prev);
  const __m256i third = _mm256_subs_epu8(prev2, _mm256_set1_epi8(static_cast<char>(0xE0 - 0x80)));
  const __m256i fourth = _mm256_subs_epu8(prev3, _mm256_set1_epi8(static_cast<char>(0xF0 - 0x80)));
  const __m256i must23 =
      _mm256_and_si256(_mm256_or_si256(third, fourth), _mm256_set1_epi8(static_cast<char>(0x80)));
  return _mm256_xor_si256(must23, special);
}

}  // namespace

TUANTHU_AVX2 size_t utf8_error_avx2(std::string_view s) {
  const auto* p = reinterpret_cast<const uint8_t*>(s.data());
  const size_t n = s.size();
  const Avx2Tables t = avx2_tables();
  __m256i prev = _mm256_setzero_si256();
  __m256i prev_incomplete = _mm256_setzero_si256();
  size_t i = 0;
  for (; i + 32 <= n; i += 32) {
    const __m256i in = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + i));
    __m256i err;
    if (_mm256_movemask_epi8(in) == 0) {  // all ASCII: only an open sequence before is wrong
      err = prev_incomplete;
      prev_incomplete = _mm256_setzero_si256();
    } else {
      err = block_errors(t, in, prev);
      prev_incomplete = _mm256_subs_epu8(in, t.incomplete_max);
    }
    if (!_mm256_testz_si256(err, err)) return utf8_error_scalar(s, restart_point(p, i));
    prev = in;
  }
  // The last bytes, padded with ASCII NULs: a sequence left open at the end meets them
  // and shows as too short.
  alignas(32) uint8_t tail[32] = {};
  if (i < n) std::memcpy(tail, p + i, n - i);
  const __m256i in = _mm256_load_si256(reinterpret_cast<const __m256i*>(tail));
  const __m256i err = block_errors(t, in, prev);
  if (!_mm256_testz_si256(err, err)) return utf8_error_scalar(s, restart_point(p, i));
  return n;
}

bool has_avx2() {
  static const bool yes = __builtin_cpu_supports("avx2");
  return yes;
}

#else

size_t utf8_error_avx2(std::string_view s) {
  return utf8_error_scalar(s, 0);
}
bool has_avx2() {
  return false;
}

#endif

}  // namespace tuanthu::text::detail

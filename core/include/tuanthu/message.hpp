#pragma once
// One message in both languages, the way a Finding carries `message` and `message_en`,
// and the one error type the host throws and catches: plugin loading, outputs, writers
// and the command line all speak through these, so `--lang en` is English everywhere
// and no message glues the two languages into one string.
#include <exception>
#include <stdexcept>
#include <string>
#include <string_view>

namespace tuanthu {

struct Message {
  std::string vi;  ///< Vietnamese (the default)
  std::string en;  ///< English (`--lang en`)

  const std::string& text(bool english) const { return english && !en.empty() ? en : vi; }
  bool empty() const { return vi.empty() && en.empty(); }
  /// The same words in both languages (a path, a number, a library's own message).
  static Message same(std::string s) { return {s, std::move(s)}; }
};

/// `a` then `b`, language by language.
Message operator+(const Message& a, const Message& b);
/// `prefix` (both languages) before `m`: `"file.json: " + m`.
Message operator+(std::string_view prefix, const Message& m);
/// `m` followed by `suffix` in both languages.
Message operator+(const Message& m, std::string_view suffix);

/// The error thrown by core and by writer plugins. `what()` is the Vietnamese text.
class Error : public std::runtime_error {
 public:
  explicit Error(Message m);
  Error(std::string vi, std::string en) : Error(Message{std::move(vi), std::move(en)}) {}
  ~Error() override;  // out of line: type information lives in libtuanthu_core
  const Message& message() const { return message_; }

 private:
  Message message_;
};

/// What an exception says, in both languages: an Error's message, or for any other
/// exception its `what()` in both (the host boundary catches std::exception too).
Message message_of(const std::exception& e);

}  // namespace tuanthu

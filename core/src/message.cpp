#include "tuanthu/message.hpp"

namespace tuanthu {

Message operator+(const Message& a, const Message& b) {
  return {a.vi + b.vi, a.en + b.en};
}

Message operator+(std::string_view prefix, const Message& m) {
  std::string vi(prefix), en(prefix);
  vi += m.vi;
  en += m.en;
  return {std::move(vi), std::move(en)};
}

Message operator+(const Message& m, std::string_view suffix) {
  Message out = m;
  out.vi += suffix;
  out.en += suffix;
  return out;
}

Error::Error(Message m) : std::runtime_error(m.vi), message_(std::move(m)) {}
Error::~Error() = default;

Message message_of(const std::exception& e) {
  if (const auto* err = dynamic_cast<const Error*>(&e)) return err->message();
  return Message::same(e.what());
}

}  // namespace tuanthu

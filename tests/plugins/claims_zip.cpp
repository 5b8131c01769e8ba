// A test reader whose claim overlaps a shipped reader's: the host must refuse it at load.
#include "tuanthu/plugin.hpp"

namespace {
class ClaimingReader final : public tuanthu::Reader {
 public:
  std::string name() const override { return "test-claims-zip"; }
  std::string version() const override { return "0.1"; }
  tuanthu::Message description() const override { return tuanthu::Message::same("test plugin"); }
  tuanthu::ReaderClaim claim() const override { return {{"zipx"}, {"PK"}}; }
  tuanthu::ReadResult read(const std::string&, std::string_view,
                           const tuanthu::Plan&) const override {
    return {};
  }
};
}  // namespace

TUANTHU_PLUGIN(ClaimingReader)

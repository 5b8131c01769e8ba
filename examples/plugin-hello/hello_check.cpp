// Check plugin `hello`: a complete out-of-tree check. It warns about every counted report
// whose document carries no số/ký hiệu (document number).
#include <tuanthu/plugin.hpp>

namespace {

// Each rule is declared once, as a constant: rules() lists it, emit() takes it. The id is
// stable (plans configure it by id, <check plugin="hello" rule="…" severity="…"/>).
inline constexpr tuanthu::Rule kHelloNoDocumentNumber{
    "hello-no-document-number", tuanthu::Severity::Warning, "the report's document has no number"};

class HelloCheck final : public tuanthu::Check {
 public:
  std::string name() const override { return "hello"; }  // = the name in tuanthu_add_plugin
  std::string version() const override { return HELLO_VERSION; }
  tuanthu::Message description() const override {
    return {"Ví dụ: báo cáo phải có số/ký hiệu", "example: the report has a document number"};
  }
  std::vector<tuanthu::Rule> rules() const override { return {kHelloNoDocumentNumber}; }

  // Called once per counted report, on several threads at once: const, no shared state.
  void check_report(const tuanthu::CheckContext&, const tuanthu::Submission& s,
                    std::vector<tuanthu::Finding>& out) const override {
    const tuanthu::Report& r = s.report;
    if (!r.document.number.empty()) return;
    emit(out, kHelloNoDocumentNumber,
         tuanthu::make_finding(s.unit_id, /*task=*/"", /*requirement=*/"",
                               "văn bản báo cáo không có số/ký hiệu",
                               "the report's document has no number", r.file,
                               r.document.present ? r.document.line : r.line));
  }
};

}  // namespace

// Exports tuanthu_abi_version and tuanthu_create_plugin; once per plugin library.
TUANTHU_PLUGIN(HelloCheck)

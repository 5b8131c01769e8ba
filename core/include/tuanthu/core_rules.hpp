#pragma once
// The rules the core itself emits (plan loader and lint, the engine), each declared once.
// Plugins declare theirs in their own sources; `tuanthu rules` lists both.
#include <vector>

#include "tuanthu/finding.hpp"

namespace tuanthu::rules {

// ---- the plan (loader and lint) ----------------------------------------------
inline constexpr Rule kPlanUnreadable{"plan-unreadable", Severity::Error,
                                      "the plan file cannot be read"};
inline constexpr Rule kPlanInvalidUtf8{"plan-invalid-utf8", Severity::Error,
                                       "the plan is not valid UTF-8"};
inline constexpr Rule kPlanInvalidCharacter{
    "plan-invalid-character", Severity::Error,
    "the plan holds a character XML or the reports may not (NUL, control, surrogate, U+FFFE)"};
inline constexpr Rule kPlanMalformedXml{"plan-malformed-xml", Severity::Error,
                                        "the plan is not well-formed XML"};
inline constexpr Rule kPlanNotAPlan{"plan-not-a-plan", Severity::Error,
                                    "the root element is not <plan xmlns=\"urn:tuanthu:plan:1\">"};
inline constexpr Rule kPlanBadAttribute{"plan-bad-attribute", Severity::Error,
                                        "a required attribute is missing or malformed"};
inline constexpr Rule kPlanBadCycle{"plan-bad-cycle", Severity::Error,
                                    "the reporting cycle is missing or malformed"};
inline constexpr Rule kPlanBadRequirementKind{"plan-bad-requirement-kind", Severity::Error,
                                              "a requirement kind is unknown"};
inline constexpr Rule kPlanBadTarget{"plan-bad-target", Severity::Error,
                                     "a target is malformed or on a non-numeric requirement"};
inline constexpr Rule kPlanDuplicateId{"plan-duplicate-id", Severity::Error, "an id is used twice"};
inline constexpr Rule kPlanUnknownRef{"plan-unknown-ref", Severity::Error,
                                      "a ref names no unit or group"};
inline constexpr Rule kPlanTaskNoLead{"plan-task-no-lead", Severity::Error,
                                      "a task has no lead unit"};
inline constexpr Rule kPlanGroupCycle{"plan-group-cycle", Severity::Error,
                                      "groups contain themselves"};
inline constexpr Rule kPlanEmptyGroup{"plan-empty-group", Severity::Warning,
                                      "a group has no members"};
inline constexpr Rule kPlanTimeframeOutsideCycle{"plan-timeframe-outside-cycle", Severity::Warning,
                                                 "a task's timeframe misses the reporting cycle"};
inline constexpr Rule kPlanDueLeapDay{
    "plan-due-leap-day", Severity::Warning,
    "due=\"02-29\": outside leap years the deadline is 28 February"};
inline constexpr Rule kPlanUnknownCheck{"plan-unknown-check", Severity::Warning,
                                        "a <check> names no loaded plugin or rule"};
inline constexpr Rule kPlanUnitIdNotAFileName{
    "plan-unit-id-not-a-file-name", Severity::Warning,
    "a unit id is not a plain file name, so its letter gets a changed name"};

// ---- the engine -----------------------------------------------------------------
inline constexpr Rule kInputUnreadable{
    "input-unreadable", Severity::Error,
    "a file or folder given to check cannot be read (missing, permission, dangling link, path "
    "too long, too large)"};
inline constexpr Rule kInputUnsupported{"input-unsupported", Severity::Warning,
                                        "no reader plugin accepts the file"};
inline constexpr Rule kInputDuplicatePath{
    "input-duplicate-path", Severity::Info,
    "the same file or folder was reached twice (through links); it is read once"};
inline constexpr Rule kInputNotAFile{
    "input-not-a-file", Severity::Warning,
    "a path given or found is a FIFO, socket or device, not a file; it is not opened"};
inline constexpr Rule kInputSkipped{
    "input-skipped", Severity::Info,
    "an editor's lock file (Excel ~$…, LibreOffice .~lock.…#) or a system file (.DS_Store, "
    "Thumbs.db, desktop.ini, macOS ._…) is not a report; it is not read"};
inline constexpr Rule kInputExtensionMismatch{
    "input-extension-mismatch", Severity::Info,
    "a file's content is of another kind than its extension says; it is read by its content"};
inline constexpr Rule kPluginError{"plugin-error", Severity::Error,
                                   "a plugin threw an exception or emitted an undeclared rule; the "
                                   "run went on without that result"};

}  // namespace tuanthu::rules

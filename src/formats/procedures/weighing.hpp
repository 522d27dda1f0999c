// The pure rules of the back office (Abwägung): the work status of a statement, splitting a statement into sections
// without changing its text, the limits of responses, tags and text blocks, and CSV rows for German Excel. No I/O.
//
//   auto sections = procedures::SplitSections(statement.text, "Erster Teil …\n---\nZweiter Teil …");
//   sections->size();  // 2; kInvalid if the marked text is not the statement's text with separator lines
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "platform/core/result.hpp"

namespace mw::procedures {

// Where a case worker stands with a statement (column procedure_statement_work.status).
enum class WorkStatus { kNew, kInProgress, kDone };
std::string_view WorkStatusName(WorkStatus status);  // "new", "in_progress", "done"
std::optional<WorkStatus> ParseWorkStatus(std::string_view name);
const std::vector<WorkStatus>& AllWorkStatuses();

inline constexpr std::size_t kMaxResponseChars = 20'000;
inline constexpr std::size_t kMaxSections = 50;
inline constexpr std::size_t kMaxTagChars = 60;
inline constexpr std::size_t kMaxTagsPerStatement = 20;
inline constexpr std::size_t kMaxBlockTitleChars = 200;
inline constexpr std::size_t kMaxBlockTextChars = 20'000;
// The line a case worker puts between two sections when splitting a statement.
inline constexpr std::string_view kSectionSeparator = "---";

// The sections of `original` as the case worker marked them in `marked`: the statement's text with lines holding only
// "---" (kSectionSeparator, surrounding spaces allowed) between sections. Each section is trimmed; empty ones are
// dropped. kInvalid (field "sections", German message) if `marked` without the separator lines is not `original`
// (whitespace aside), or with more than kMaxSections sections. One section means "not split".
Result<std::vector<std::string>> SplitSections(std::string_view original, std::string_view marked);

// The text of `sections` with separator lines between them: what the split form shows.
std::string JoinSections(const std::vector<std::string>& sections);

// Tags from a comma-separated field: trimmed, empty ones dropped, duplicates (case-insensitive for ASCII) once.
// kInvalid (field "tags") if a tag is longer than kMaxTagChars or there are more than kMaxTagsPerStatement.
Result<std::vector<std::string>> ParseTags(std::string_view field);

// The response text, trimmed; kInvalid (field `field`) if longer than kMaxResponseChars.
Result<std::string> ValidateResponse(std::string_view text, std::string field);

struct TextBlockInput {
  std::string title;
  std::string text;
};
// Problems of a text block (fields "title", "text"); empty if valid.
std::vector<Error> ValidateTextBlock(const TextBlockInput& input);

// The first `max_words` words of `text`, at most `max_chars` characters (a word of 50,000 letters is cut at a code point),
// with " …" if there was more.
std::string FirstWords(std::string_view text, std::size_t max_words, std::size_t max_chars = 200);

// One CSV line ending CRLF: cells quoted where needed, and a cell that a spreadsheet would take for a formula (=, +,
// -, @, tab, CR) prefixed with an apostrophe.
std::string CsvLine(const std::vector<std::string>& cells, char delimiter);

}  // namespace mw::procedures

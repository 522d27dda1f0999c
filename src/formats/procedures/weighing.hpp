// The pure rules of the back office (Abwägung): the work status of a statement, splitting a statement into sections
// without changing its text, the limits of responses, tags and text blocks, and CSV rows for German Excel. No I/O.
//
//   auto sections = procedures::SplitSections(statement.text, "Erster Teil …\n---\nZweiter Teil …");
//   sections->size();  // 2; kInvalid if the marked text is not the statement's text with separator lines
#pragma once

#include <cstdint>
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

// A line of the weighing table for print (PDF), before mass objections are put together.
struct PrintLine {
  std::int64_t statement_id = 0;
  std::optional<std::int64_t> cluster_id;  // the mass objection (clusters) the statement belongs to
  bool whole = true;                       // the statement was not split into sections
  std::string reference;                   // with the section for a split one: "GRI-2026-00042 (2/3)"
  std::string submitter;
  std::string text;
  std::string response;
  std::string status;
};
// A printed line: one statement (or section), or the members of a cluster printed once.
struct PrintedLine {
  std::vector<std::string> references;     // several: a cluster's members
  std::optional<std::int64_t> cluster_id;  // set for a cluster's line
  std::string submitter;                   // a single statement's; empty for a cluster's line
  std::string text;
  std::string response;
  std::string status;
  // Of a cluster's line: the members whose own text differs from `text` (the first member's), whitespace aside.
  std::vector<std::string> own_wording;
};
// The lines as printed: the whole (not split) statements of a cluster that have the same response and status are
// one line at the first one's place, with the first one's text as the common text and every member's reference; a
// member with another response or status, or split into sections, keeps its own line. Order otherwise kept.
std::vector<PrintedLine> CombineClusterLines(const std::vector<PrintLine>& lines);

// One CSV line ending CRLF: cells quoted where needed, and a cell that a spreadsheet would take for a formula (=, +,
// -, @, tab, CR) prefixed with an apostrophe.
std::string CsvLine(const std::vector<std::string>& cells, char delimiter);

}  // namespace mw::procedures

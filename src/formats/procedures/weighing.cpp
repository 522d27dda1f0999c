#include "formats/procedures/weighing.hpp"

#include <algorithm>
#include <map>
#include <tuple>

#include "platform/core/text.hpp"
#include "platform/core/validation.hpp"

namespace mw::procedures {
namespace {

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

std::string WithoutSpace(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    if (!IsSpace(c)) out += c;
  }
  return out;
}

}  // namespace

std::string_view WorkStatusName(WorkStatus status) {
  switch (status) {
    case WorkStatus::kNew: return "new";
    case WorkStatus::kInProgress: return "in_progress";
    case WorkStatus::kDone: return "done";
  }
  return "new";
}

std::optional<WorkStatus> ParseWorkStatus(std::string_view name) {
  for (WorkStatus status : AllWorkStatuses()) {
    if (WorkStatusName(status) == name) return status;
  }
  return std::nullopt;
}

const std::vector<WorkStatus>& AllWorkStatuses() {
  static const std::vector<WorkStatus> all{WorkStatus::kNew, WorkStatus::kInProgress, WorkStatus::kDone};
  return all;
}

Result<std::vector<std::string>> SplitSections(std::string_view original, std::string_view marked) {
  std::vector<std::string> sections;
  std::string current;
  std::size_t pos = 0;
  while (pos <= marked.size()) {
    std::size_t end = marked.find('\n', pos);
    if (end == std::string_view::npos) end = marked.size();
    std::string_view line = marked.substr(pos, end - pos);
    if (Trim(line) == kSectionSeparator) {
      sections.push_back(std::string(Trim(current)));
      current.clear();
    } else {
      current += line;
      if (end < marked.size()) current += '\n';
    }
    pos = end + 1;
  }
  sections.push_back(std::string(Trim(current)));
  std::erase_if(sections, [](const std::string& section) { return section.empty(); });
  std::string joined;
  for (const auto& section : sections) joined += section;
  if (sections.empty() || WithoutSpace(joined) != WithoutSpace(original)) {
    return Fail(ErrorKind::kInvalid,
                "Der Text der Abschnitte muss der Text der Stellungnahme sein. Fügen Sie nur Zeilen mit --- zwischen "
                "den Abschnitten ein und ändern Sie sonst nichts.",
                "sections");
  }
  if (sections.size() > kMaxSections) {
    return Fail(ErrorKind::kInvalid,
                "Eine Stellungnahme kann in höchstens " + std::to_string(kMaxSections) + " Abschnitte geteilt werden.",
                "sections");
  }
  return sections;
}

std::string JoinSections(const std::vector<std::string>& sections) {
  std::string out;
  for (const auto& section : sections) {
    if (!out.empty()) out += "\n" + std::string(kSectionSeparator) + "\n";
    out += section;
  }
  return out;
}

Result<std::vector<std::string>> ParseTags(std::string_view field) {
  if (auto valid = CheckText(field, "tags", "Die Schlagworte"); !valid) return std::unexpected(valid.error());
  std::vector<std::string> tags;
  std::size_t pos = 0;
  while (pos <= field.size()) {
    std::size_t end = field.find(',', pos);
    if (end == std::string_view::npos) end = field.size();
    std::string tag(Trim(field.substr(pos, end - pos)));
    pos = end + 1;
    if (tag.empty()) continue;
    if (Utf8Length(tag) > kMaxTagChars) {
      return Fail(ErrorKind::kInvalid,
                  "Ein Schlagwort darf höchstens " + std::to_string(kMaxTagChars) + " Zeichen lang sein.", "tags");
    }
    bool seen = false;
    for (const auto& existing : tags) seen = seen || IEquals(existing, tag);
    if (!seen) tags.push_back(std::move(tag));
  }
  if (tags.size() > kMaxTagsPerStatement) {
    return Fail(ErrorKind::kInvalid,
                "Eine Stellungnahme kann höchstens " + std::to_string(kMaxTagsPerStatement) + " Schlagworte haben.",
                "tags");
  }
  return tags;
}

Result<std::string> ValidateResponse(std::string_view text, std::string field) {
  std::string trimmed(Trim(text));
  if (auto valid = CheckText(trimmed, field, "Die Abwägung", TextLines::kMulti); !valid) {
    return std::unexpected(valid.error());
  }
  if (Utf8Length(trimmed) > kMaxResponseChars) {
    return Fail(ErrorKind::kInvalid,
                "Die Abwägung darf höchstens " + std::to_string(kMaxResponseChars) + " Zeichen lang sein.",
                std::move(field));
  }
  return trimmed;
}

std::vector<Error> ValidateTextBlock(const TextBlockInput& input) {
  std::vector<Error> errors;
  CheckTextField(errors, input.title, "title", "Bitte geben Sie dem Textbaustein einen Titel.", "Der Titel",
                 kMaxBlockTitleChars, true);
  CheckTextField(errors, input.text, "text", "Bitte geben Sie den Text des Bausteins ein.", "Der Text",
                 kMaxBlockTextChars, true, TextLines::kMulti);
  return errors;
}

std::string FirstWords(std::string_view text, std::size_t max_words, std::size_t max_chars) {
  std::string out;
  std::size_t words = 0;
  std::size_t pos = 0;
  bool more = false;
  while (pos < text.size()) {
    while (pos < text.size() && IsSpace(text[pos])) ++pos;
    if (pos >= text.size()) break;
    std::size_t end = pos;
    while (end < text.size() && !IsSpace(text[end])) ++end;
    if (words == max_words || Utf8Length(out) > max_chars) {
      more = true;
      break;
    }
    if (!out.empty()) out += ' ';
    // Of a very long word only what can be shown: max_chars code points take at most 4 bytes each.
    out += text.substr(pos, std::min(end - pos, max_chars * 4 + 4));
    ++words;
    pos = end;
  }
  if (Utf8Length(out) > max_chars) return CutText(out, max_chars + 2, " …");
  return more ? out + " …" : out;
}

std::vector<PrintedLine> CombineClusterLines(const std::vector<PrintLine>& lines) {
  std::vector<PrintedLine> out;
  // Where a cluster's line for (cluster, response, status) stands in `out`, and its text without whitespace.
  struct Open {
    std::size_t index;
    std::string bare_text;
  };
  std::map<std::tuple<std::int64_t, std::string, std::string>, Open> open;
  for (const auto& line : lines) {
    if (line.cluster_id && line.whole) {
      auto key = std::tuple{*line.cluster_id, line.response, line.status};
      auto found = open.find(key);
      if (found != open.end()) {
        PrintedLine& combined = out[found->second.index];
        combined.references.push_back(line.reference);
        if (WithoutSpace(line.text) != found->second.bare_text) combined.own_wording.push_back(line.reference);
        continue;
      }
      open.emplace(key, Open{out.size(), WithoutSpace(line.text)});
      out.push_back(PrintedLine{.references = {line.reference},
                                .cluster_id = line.cluster_id,
                                .submitter = line.submitter,
                                .text = line.text,
                                .response = line.response,
                                .status = line.status});
      continue;
    }
    out.push_back(PrintedLine{.references = {line.reference},
                              .submitter = line.submitter,
                              .text = line.text,
                              .response = line.response,
                              .status = line.status});
  }
  // A cluster with one printed member is an ordinary line.
  for (auto& line : out) {
    if (line.references.size() == 1) line.cluster_id.reset();
    if (line.cluster_id) line.submitter.clear();
  }
  return out;
}

std::string CsvLine(const std::vector<std::string>& cells, char delimiter) {
  std::string out;
  for (std::size_t cell_idx = 0; cell_idx < cells.size(); ++cell_idx) {
    if (cell_idx) out += delimiter;
    std::string cell = cells[cell_idx];
    if (!cell.empty() && (cell[0] == '=' || cell[0] == '+' || cell[0] == '-' || cell[0] == '@' || cell[0] == '\t' ||
                          cell[0] == '\r')) {
      cell.insert(cell.begin(), '\'');
    }
    bool quote = cell.find_first_of(std::string("\"\r\n") + delimiter) != std::string::npos;
    if (!quote) {
      out += cell;
      continue;
    }
    out += '"';
    for (char c : cell) {
      if (c == '"') out += '"';
      out += c;
    }
    out += '"';
  }
  out += "\r\n";
  return out;
}

}  // namespace mw::procedures

#include "platform/http/parsers.hpp"

#include <cstring>
#include <optional>
#include <utility>
#include <vector>

#include "platform/core/text.hpp"

namespace mw::http {

namespace {

// Messages shown to the person whose request was rejected.
constexpr const char* kMsgBadPercent = "Die Anfrage enthält eine ungültige Prozent-Kodierung.";
constexpr const char* kMsgNotUtf8 = "Der übermittelte Text ist kein gültiges UTF-8.";
constexpr const char* kMsgNulByte = "Der übermittelte Text enthält ein unzulässiges Nullzeichen.";
constexpr const char* kMsgTooManyFields = "Das Formular enthält zu viele Felder.";
constexpr const char* kMsgValueTooLong = "Ein Formularwert ist zu lang.";
constexpr const char* kMsgNotMultipart = "Die Anfrage enthält keine Formulardaten (multipart/form-data).";
constexpr const char* kMsgBadBoundary = "Die Formulardaten haben keine gültige Begrenzung (boundary).";
constexpr const char* kMsgMalformedBody = "Die Formulardaten sind fehlerhaft aufgebaut.";
constexpr const char* kMsgMalformedHeader = "Die Kopfzeilen eines Formularteils sind fehlerhaft.";
constexpr const char* kMsgHeaderTooLarge = "Die Kopfzeilen eines Formularteils sind zu groß.";
constexpr const char* kMsgTooManyParts = "Das Formular besteht aus zu vielen Teilen.";
constexpr const char* kMsgNoDisposition = "Einem Formularteil fehlt die Angabe „Content-Disposition“.";
constexpr const char* kMsgNotFormData = "Ein Formularteil ist nicht als Formularfeld (form-data) gekennzeichnet.";
constexpr const char* kMsgNoName = "Einem Formularteil fehlt der Feldname.";
constexpr const char* kMsgNameNotUtf8 = "Der Name eines Formularfelds ist kein gültiges UTF-8.";
constexpr const char* kMsgBadFilename = "Der Dateiname einer hochgeladenen Datei ist ungültig.";
constexpr const char* kMsgIncomplete = "Die Formulardaten sind unvollständig.";

constexpr std::size_t kMaxCookies = 100;
constexpr std::size_t kMaxBoundaryLength = 70;  // RFC 2046

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool IsControl(char c) {
  const auto byte = static_cast<unsigned char>(c);
  return byte < 0x20 || byte == 0x7F;
}

// RFC 9110 tchar: the characters of header names, parameter names, cookie names and media types.
bool IsTokenChar(char c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  return std::strchr("!#$%&'*+-.^_`|~", c) != nullptr && c != '\0';
}

bool IsToken(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!IsTokenChar(c)) return false;
  }
  return true;
}

// RFC 2046 bchars.
bool IsBoundaryChar(char c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  return std::strchr("'()+_,-./:=? ", c) != nullptr && c != '\0';
}

bool IsValidBoundary(std::string_view boundary) {
  if (boundary.empty() || boundary.size() > kMaxBoundaryLength || boundary.back() == ' ') return false;
  for (char c : boundary) {
    if (!IsBoundaryChar(c)) return false;
  }
  return true;
}

bool IsOws(char c) {
  return c == ' ' || c == '\t';
}

void SkipOws(std::string_view s, std::size_t& pos) {
  while (pos < s.size() && IsOws(s[pos])) ++pos;
}

std::string_view TrimOws(std::string_view s) {
  std::size_t begin = 0;
  std::size_t end = s.size();
  while (begin < end && IsOws(s[begin])) ++begin;
  while (end > begin && IsOws(s[end - 1])) --end;
  return s.substr(begin, end - begin);
}

// Decodes %XX (and '+' when asked) into raw bytes, or nullopt on a '%' without two hex digits after it.
std::optional<std::string> DecodePercentBytes(std::string_view in, bool plus_is_space) {
  std::string out;
  out.reserve(in.size());
  for (std::size_t pos = 0; pos < in.size(); ++pos) {
    const char c = in[pos];
    if (c == '%') {
      if (in.size() - pos < 3) return std::nullopt;
      const int high = HexValue(in[pos + 1]);
      const int low = HexValue(in[pos + 2]);
      if (high < 0 || low < 0) return std::nullopt;
      out += static_cast<char>(high * 16 + low);
      pos += 2;
    } else if (c == '+' && plus_is_space) {
      out += ' ';
    } else {
      out += c;
    }
  }
  return out;
}

// A parameter of a header value (Content-Type, Content-Disposition); the name is lower-cased, the value unquoted.
struct Parameter {
  std::string name;
  std::string value;
};

// Characters of an unquoted parameter value. Stricter senders use tokens only; we accept any visible character that
// cannot be confused with the syntax around it, and leave the meaning of the value to the caller's own check.
bool IsUnquotedValueChar(char c) {
  return !IsControl(c) && c != ' ' && c != ';' && c != '"' && c != '\\';
}

// Parses a quoted-string starting at s[pos] == '"' (RFC 9110: backslash escapes any visible character).
std::optional<std::string> ParseQuotedString(std::string_view s, std::size_t& pos) {
  std::string value;
  ++pos;  // opening quote
  while (pos < s.size()) {
    const char c = s[pos++];
    if (c == '"') return value;
    if (c == '\\') {
      if (pos == s.size()) return std::nullopt;
      const char escaped = s[pos++];
      if (IsControl(escaped) && escaped != '\t') return std::nullopt;
      value += escaped;
    } else if (IsControl(c) && c != '\t') {
      return std::nullopt;
    } else {
      value += c;
    }
  }
  return std::nullopt;  // unterminated
}

// Parses `*( OWS ";" OWS [ name "=" value ] )` (RFC 9110 section 5.6.6), the tail of a header value after its main
// token. No whitespace is allowed around '='. nullopt on a syntax error.
std::optional<std::vector<Parameter>> ParseParameters(std::string_view s) {
  std::vector<Parameter> params;
  std::size_t pos = 0;
  while (true) {
    SkipOws(s, pos);
    if (pos == s.size()) return params;
    if (s[pos] != ';') return std::nullopt;
    ++pos;
    SkipOws(s, pos);
    if (pos == s.size() || s[pos] == ';') continue;  // empty parameter, allowed
    const std::size_t name_start = pos;
    while (pos < s.size() && IsTokenChar(s[pos])) ++pos;
    if (pos == name_start || pos == s.size() || s[pos] != '=') return std::nullopt;
    Parameter param{AsciiLower(s.substr(name_start, pos - name_start)), {}};
    ++pos;  // '='
    if (pos < s.size() && s[pos] == '"') {
      auto value = ParseQuotedString(s, pos);
      if (!value) return std::nullopt;
      param.value = std::move(*value);
    } else {
      const std::size_t value_start = pos;
      while (pos < s.size() && IsUnquotedValueChar(s[pos])) ++pos;
      if (pos == value_start) return std::nullopt;
      param.value = std::string(s.substr(value_start, pos - value_start));
    }
    params.push_back(std::move(param));
  }
}

// Splits "token" + parameters; the main token (media type or disposition type) is returned as written.
struct TokenWithParameters {
  std::string token;
  std::vector<Parameter> params;
};

// `allow_slash` accepts "type/subtype".
std::optional<TokenWithParameters> ParseTokenWithParameters(std::string_view s, bool allow_slash) {
  std::size_t pos = 0;
  SkipOws(s, pos);
  const std::size_t start = pos;
  while (pos < s.size() && IsTokenChar(s[pos])) ++pos;
  if (pos == start) return std::nullopt;
  if (allow_slash) {
    if (pos == s.size() || s[pos] != '/') return std::nullopt;
    ++pos;
    const std::size_t subtype_start = pos;
    while (pos < s.size() && IsTokenChar(s[pos])) ++pos;
    if (pos == subtype_start) return std::nullopt;
  }
  TokenWithParameters result{std::string(s.substr(start, pos - start)), {}};
  auto params = ParseParameters(s.substr(pos));
  if (!params) return std::nullopt;
  result.params = std::move(*params);
  return result;
}

// Decodes an RFC 8187 ext-value (charset "'" [language] "'" percent-encoded bytes) into UTF-8. UTF-8 and
// ISO-8859-1 are understood; anything else is refused rather than guessed.
std::optional<std::string> DecodeExtValue(std::string_view ext_value) {
  const std::size_t first_quote = ext_value.find('\'');
  if (first_quote == std::string_view::npos) return std::nullopt;
  const std::size_t second_quote = ext_value.find('\'', first_quote + 1);
  if (second_quote == std::string_view::npos) return std::nullopt;
  const std::string_view charset = ext_value.substr(0, first_quote);
  const std::string_view encoded = ext_value.substr(second_quote + 1);
  for (char c : encoded) {
    // attr-char or the '%' of an escape
    const bool allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                         (c != '\0' && std::strchr("!#$&+-.^_`|~%", c) != nullptr);
    if (!allowed) return std::nullopt;
  }
  auto bytes = DecodePercentBytes(encoded, /*plus_is_space=*/false);
  if (!bytes) return std::nullopt;
  std::string utf8;
  if (IEquals(charset, "UTF-8")) {
    if (!IsValidUtf8(*bytes)) return std::nullopt;
    utf8 = std::move(*bytes);
  } else if (IEquals(charset, "ISO-8859-1")) {
    for (char c : *bytes) {
      const auto code_point = static_cast<unsigned char>(c);
      if (code_point < 0x80) {
        utf8 += c;
      } else {
        utf8 += static_cast<char>(0xC0 | (code_point >> 6));
        utf8 += static_cast<char>(0x80 | (code_point & 0x3F));
      }
    }
  } else {
    return std::nullopt;
  }
  if (utf8.find('\0') != std::string::npos) return std::nullopt;
  return utf8;
}

}  // namespace

Result<std::string> PercentDecode(std::string_view in, bool plus_is_space) {
  auto decoded = DecodePercentBytes(in, plus_is_space);
  if (!decoded) return Fail(ErrorKind::kInvalid, kMsgBadPercent);
  if (decoded->find('\0') != std::string::npos) return Fail(ErrorKind::kInvalid, kMsgNulByte);
  if (!IsValidUtf8(*decoded)) return Fail(ErrorKind::kInvalid, kMsgNotUtf8);
  return std::move(*decoded);
}

Result<std::multimap<std::string, std::string>> ParseUrlEncoded(std::string_view in, std::size_t max_fields,
                                                                std::size_t max_value) {
  std::multimap<std::string, std::string> fields;
  std::size_t field_count = 0;
  std::size_t pos = 0;
  while (pos <= in.size()) {
    std::size_t end = in.find('&', pos);
    if (end == std::string_view::npos) end = in.size();
    const std::string_view pair = in.substr(pos, end - pos);
    pos = end + 1;
    if (pair.empty()) continue;
    if (++field_count > max_fields) return Fail(ErrorKind::kTooLarge, kMsgTooManyFields);
    const std::size_t equals = pair.find('=');
    const std::string_view raw_key = pair.substr(0, equals);
    const std::string_view raw_value = equals == std::string_view::npos ? std::string_view() : pair.substr(equals + 1);
    auto key = PercentDecode(raw_key, /*plus_is_space=*/true);
    if (!key) return std::unexpected(std::move(key.error()));
    if (key->size() > max_value) return Fail(ErrorKind::kTooLarge, kMsgValueTooLong);
    auto value = PercentDecode(raw_value, /*plus_is_space=*/true);
    if (!value) {
      value.error().field = *key;
      return std::unexpected(std::move(value.error()));
    }
    if (value->size() > max_value) return Fail(ErrorKind::kTooLarge, kMsgValueTooLong, *key);
    fields.emplace(std::move(*key), std::move(*value));
  }
  return fields;
}

std::map<std::string, std::string> ParseCookies(std::string_view header) {
  std::map<std::string, std::string> cookies;
  std::size_t pos = 0;
  while (pos <= header.size() && cookies.size() < kMaxCookies) {
    std::size_t end = header.find(';', pos);
    if (end == std::string_view::npos) end = header.size();
    const std::string_view pair = TrimOws(header.substr(pos, end - pos));
    pos = end + 1;
    const std::size_t equals = pair.find('=');
    if (equals == std::string_view::npos) continue;
    const std::string_view name = TrimOws(pair.substr(0, equals));
    std::string_view value = TrimOws(pair.substr(equals + 1));
    if (!IsToken(name)) continue;
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"') value = value.substr(1, value.size() - 2);
    bool has_control = false;
    for (char c : value) has_control = has_control || IsControl(c);
    if (has_control || !IsValidUtf8(value)) continue;
    cookies.emplace(std::string(name), std::string(value));  // emplace keeps the first of duplicate names
  }
  return cookies;
}

Result<std::string> MultipartBoundary(std::string_view content_type) {
  auto parsed = ParseTokenWithParameters(content_type, /*allow_slash=*/true);
  if (!parsed || !IEquals(parsed->token, "multipart/form-data")) {
    return Fail(ErrorKind::kInvalid, kMsgNotMultipart);
  }
  const std::string* boundary = nullptr;
  for (const Parameter& param : parsed->params) {
    if (param.name != "boundary") continue;
    if (boundary != nullptr) return Fail(ErrorKind::kInvalid, kMsgBadBoundary);  // ambiguous
    boundary = &param.value;
  }
  if (boundary == nullptr || !IsValidBoundary(*boundary)) return Fail(ErrorKind::kInvalid, kMsgBadBoundary);
  return *boundary;
}

// The body is scanned for the delimiter "\r\n--" + boundary. Bytes that might be the start of a delimiter are held
// back as a count of matched delimiter bytes (`matched`), not copied: they equal a prefix of the delimiter, so they
// can be re-emitted from it when the match fails. Since a boundary cannot contain CR, a failed partial match can
// never overlap the next possible match, so no backtracking is needed (the delimiter's only CR is its first byte).
//
// Decisions where RFC 2046/7578 leave room:
// - Line endings are CRLF everywhere: a bare CR or LF in a part's headers or after a delimiter is an error, and the
//   delimiter is only recognised after CRLF (or at the very start of the body).
// - The boundary text followed by anything but "--", whitespace padding or CRLF is an error, not data: a
//   conforming sender never lets the boundary occur in the content.
// - Folded header lines, duplicate Content-Disposition/Content-Type headers and duplicate disposition parameters
//   are errors; other part headers (e.g. Content-Transfer-Encoding) are ignored.
// - filename*= (RFC 8187, UTF-8 or ISO-8859-1) wins over filename=; the file name is returned as sent, including any
//   path, and never used as a path here. Names and file names must be valid UTF-8; an empty name counts as missing.
// - Everything after the closing delimiter (the epilogue) is ignored, even without a CRLF.
// After an error the sink is not called again, and a part that was begun is not ended.
struct MultipartParser::Impl {
  enum class State {
    kPreamble,        // before the first delimiter: skipped
    kAfterDelimiter,  // right after "\r\n--boundary"
    kCloseDash,       // after "\r\n--boundary-"
    kPadding,         // whitespace after a delimiter
    kDelimiterCr,     // CR at the end of a delimiter line
    kHeaderLine,      // inside a part header line
    kHeaderCr,        // CR at the end of a part header line
    kData,            // part content
    kEpilogue,        // after the closing delimiter: skipped
    kFailed,
  };

  Impl(std::string boundary, Sink sink_in, Limits limits_in)
      : delimiter("\r\n--" + boundary), sink(std::move(sink_in)), limits(limits_in) {
    if (!IsValidBoundary(boundary)) SetError(Error{ErrorKind::kInvalid, kMsgBadBoundary, {}});
  }

  std::string delimiter;
  Sink sink;
  Limits limits;
  State state = State::kPreamble;
  // Bytes of `delimiter` matched just before the current position. The body starts as if a CRLF preceded it, so
  // that a first boundary on the first line is found.
  std::size_t matched = 2;
  std::size_t part_count = 0;
  std::size_t header_bytes = 0;  // of the current part's header section
  std::string line;              // the current header line
  std::optional<std::string> disposition;
  std::optional<std::string> content_type;
  std::optional<Error> error;

  Status SetError(Error new_error) {
    error = std::move(new_error);
    state = State::kFailed;
    return std::unexpected(*error);
  }
  Status Fail(ErrorKind kind, const char* message, std::string field = {}) {
    return SetError(Error{kind, message, std::move(field)});
  }
  Status PassThrough(Status status) { return status ? status : SetError(std::move(status.error())); }

  Status Feed(std::string_view chunk) {
    if (error) return std::unexpected(*error);
    std::size_t pos = 0;
    while (pos < chunk.size()) {
      Status status;
      if (state == State::kPreamble || state == State::kData) {
        status = ScanForDelimiter(chunk, pos);
      } else if (state == State::kEpilogue) {
        return Ok{};
      } else {
        status = Step(chunk[pos]);
        ++pos;
      }
      if (!status) return status;
    }
    return Ok{};
  }

  Status Finish() {
    if (error) return std::unexpected(*error);
    if (state != State::kEpilogue) return Fail(ErrorKind::kInvalid, kMsgIncomplete);
    return Ok{};
  }

  Status EmitData(std::string_view data) {
    if (data.empty() || state != State::kData || !sink.on_part_data) return Ok{};
    return PassThrough(sink.on_part_data(data));
  }

  // Consumes chunk[pos..] until a complete delimiter has been read (then the state is kAfterDelimiter) or the chunk
  // ends. Content is passed to the sink as slices of the chunk.
  Status ScanForDelimiter(std::string_view chunk, std::size_t& pos) {
    std::size_t run_start = pos;
    while (pos < chunk.size()) {
      if (matched == 0) {
        const void* found = std::memchr(chunk.data() + pos, '\r', chunk.size() - pos);
        if (found == nullptr) {
          pos = chunk.size();
          break;
        }
        const std::size_t cr_pos = static_cast<std::size_t>(static_cast<const char*>(found) - chunk.data());
        if (Status status = EmitData(chunk.substr(run_start, cr_pos - run_start)); !status) return status;
        matched = 1;
        pos = cr_pos + 1;
        run_start = pos;
        continue;
      }
      if (chunk[pos] == delimiter[matched]) {
        ++matched;
        ++pos;
        run_start = pos;
        if (matched == delimiter.size()) {
          matched = 0;
          return OnDelimiter();
        }
        continue;
      }
      // The held bytes were content after all; the current byte is examined afresh.
      if (Status status = EmitData(std::string_view(delimiter).substr(0, matched)); !status) return status;
      matched = 0;
      run_start = pos;
    }
    return EmitData(chunk.substr(run_start, pos - run_start));
  }

  Status OnDelimiter() {
    const bool ends_part = state == State::kData;
    state = State::kAfterDelimiter;
    if (ends_part && sink.on_part_end) return PassThrough(sink.on_part_end());
    return Ok{};
  }

  Status Step(char c) {
    switch (state) {
      case State::kAfterDelimiter:
        if (c == '-') {
          state = State::kCloseDash;
        } else if (IsOws(c)) {
          state = State::kPadding;
        } else if (c == '\r') {
          state = State::kDelimiterCr;
        } else {
          return Fail(ErrorKind::kInvalid, kMsgMalformedBody);
        }
        return Ok{};
      case State::kCloseDash:
        if (c != '-') return Fail(ErrorKind::kInvalid, kMsgMalformedBody);
        state = State::kEpilogue;
        return Ok{};
      case State::kPadding:
        if (c == '\r') {
          state = State::kDelimiterCr;
        } else if (!IsOws(c)) {
          return Fail(ErrorKind::kInvalid, kMsgMalformedBody);
        }
        return Ok{};
      case State::kDelimiterCr:
        if (c != '\n') return Fail(ErrorKind::kInvalid, kMsgMalformedBody);
        return BeginPartHeaders();
      case State::kHeaderLine:
        if (++header_bytes > limits.max_part_header_bytes) return Fail(ErrorKind::kTooLarge, kMsgHeaderTooLarge);
        if (c == '\r') {
          state = State::kHeaderCr;
        } else if (IsControl(c) && c != '\t') {
          return Fail(ErrorKind::kInvalid, kMsgMalformedHeader);  // includes a bare LF
        } else {
          line += c;
        }
        return Ok{};
      case State::kHeaderCr:
        if (++header_bytes > limits.max_part_header_bytes) return Fail(ErrorKind::kTooLarge, kMsgHeaderTooLarge);
        if (c != '\n') return Fail(ErrorKind::kInvalid, kMsgMalformedHeader);
        if (line.empty()) return EndPartHeaders();
        if (Status status = HeaderLine(line); !status) return status;
        line.clear();
        state = State::kHeaderLine;
        return Ok{};
      case State::kPreamble:
      case State::kData:
      case State::kEpilogue:
      case State::kFailed:
        break;
    }
    return Ok{};  // not reached: Feed handles the other states itself
  }

  Status BeginPartHeaders() {
    if (++part_count > limits.max_parts) return Fail(ErrorKind::kTooLarge, kMsgTooManyParts);
    header_bytes = 0;
    line.clear();
    disposition.reset();
    content_type.reset();
    state = State::kHeaderLine;
    return Ok{};
  }

  Status HeaderLine(std::string_view header_line) {
    if (IsOws(header_line.front())) return Fail(ErrorKind::kInvalid, kMsgMalformedHeader);  // obsolete folding
    const std::size_t colon = header_line.find(':');
    if (colon == std::string_view::npos || !IsToken(header_line.substr(0, colon))) {
      return Fail(ErrorKind::kInvalid, kMsgMalformedHeader);
    }
    const std::string_view name = header_line.substr(0, colon);
    const std::string_view value = TrimOws(header_line.substr(colon + 1));
    std::optional<std::string>* target = nullptr;
    if (IEquals(name, "Content-Disposition")) {
      target = &disposition;
    } else if (IEquals(name, "Content-Type")) {
      target = &content_type;
    } else {
      return Ok{};
    }
    if (target->has_value()) return Fail(ErrorKind::kInvalid, kMsgMalformedHeader);
    target->emplace(value);
    return Ok{};
  }

  Status EndPartHeaders() {
    if (!disposition) return Fail(ErrorKind::kInvalid, kMsgNoDisposition);
    auto parsed = ParseTokenWithParameters(*disposition, /*allow_slash=*/false);
    if (!parsed) return Fail(ErrorKind::kInvalid, kMsgMalformedHeader);
    if (!IEquals(parsed->token, "form-data")) return Fail(ErrorKind::kInvalid, kMsgNotFormData);
    const std::string* name = nullptr;
    const std::string* filename = nullptr;
    const std::string* filename_ext = nullptr;
    for (const Parameter& param : parsed->params) {
      const std::string** target = param.name == "name"        ? &name
                                   : param.name == "filename"  ? &filename
                                   : param.name == "filename*" ? &filename_ext
                                                               : nullptr;
      if (target == nullptr) continue;
      if (*target != nullptr) return Fail(ErrorKind::kInvalid, kMsgMalformedHeader);  // duplicate parameter
      *target = &param.value;
    }
    if (name == nullptr || name->empty()) return Fail(ErrorKind::kInvalid, kMsgNoName);
    if (!IsValidUtf8(*name)) return Fail(ErrorKind::kInvalid, kMsgNameNotUtf8);
    PartHeaders headers;
    headers.name = *name;
    if (filename_ext != nullptr) {
      auto decoded = DecodeExtValue(*filename_ext);
      if (!decoded) return Fail(ErrorKind::kInvalid, kMsgBadFilename, headers.name);
      headers.filename = std::move(*decoded);
      headers.is_file = true;
    } else if (filename != nullptr) {
      if (!IsValidUtf8(*filename)) return Fail(ErrorKind::kInvalid, kMsgBadFilename, headers.name);
      headers.filename = *filename;
      headers.is_file = true;
    }
    headers.content_type = "text/plain";
    if (content_type && !content_type->empty()) {
      for (char c : *content_type) {
        if (static_cast<unsigned char>(c) >= 0x80) return Fail(ErrorKind::kInvalid, kMsgMalformedHeader);
      }
      headers.content_type = *content_type;
    }
    line.clear();
    state = State::kData;
    matched = 0;
    if (sink.on_part_begin) return PassThrough(sink.on_part_begin(headers));
    return Ok{};
  }

  std::size_t BufferedBytes() const {
    const bool scanning = state == State::kPreamble || state == State::kData;
    return line.size() + (scanning ? matched : 0);
  }
};

MultipartParser::MultipartParser(std::string boundary, Sink sink, Limits limits)
    : impl_(std::make_unique<Impl>(std::move(boundary), std::move(sink), limits)) {}

MultipartParser::~MultipartParser() = default;

Status MultipartParser::Feed(std::string_view chunk) {
  return impl_->Feed(chunk);
}

Status MultipartParser::Finish() {
  return impl_->Finish();
}

std::size_t MultipartParser::BufferedBytes() const {
  return impl_->BufferedBytes();
}

}  // namespace mw::http

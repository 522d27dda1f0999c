#include "platform/mail/message.hpp"

#include <algorithm>
#include <chrono>
#include <functional>

#include <fmt/format.h>

namespace mw::mail {
namespace {

constexpr std::size_t kMaxLine = 76;
constexpr std::string_view kCrlf = "\r\n";
constexpr std::string_view kHex = "0123456789ABCDEF";

// Control characters (CR and LF above all) become spaces, so that a value can never start a new header line.
std::string SanitizeHeaderValue(std::string_view value) {
  std::string out(value);
  for (char& c : out) {
    auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7f) c = ' ';
  }
  return out;
}

bool IsPrintableAscii(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return c >= 0x20 && c <= 0x7e; });
}

// Length of the UTF-8 sequence that starts with `lead` (1 for stray continuation bytes, so that we always advance).
std::size_t Utf8SequenceLength(unsigned char lead) {
  if (lead >= 0xf0 && lead <= 0xf7) return 4;
  if (lead >= 0xe0) return 3;
  if (lead >= 0xc0) return 2;
  return 1;
}

// Characters left as they are in a Q encoded-word: safe both in unstructured text and in a phrase (RFC 2047 5.3).
bool IsQSafe(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '!' || c == '*' ||
         c == '+' || c == '-' || c == '/';
}

void AppendQEncoded(std::string& out, std::string_view bytes) {
  for (char c : bytes) {
    auto byte = static_cast<unsigned char>(c);
    if (byte == ' ') {
      out += '_';
    } else if (IsQSafe(byte)) {
      out += c;
    } else {
      out += '=';
      out += kHex[byte >> 4];
      out += kHex[byte & 0x0f];
    }
  }
}

std::size_t QEncodedSize(std::string_view bytes) {
  std::size_t size = 0;
  for (char c : bytes) {
    auto byte = static_cast<unsigned char>(c);
    size += (byte == ' ' || IsQSafe(byte)) ? 1 : 3;
  }
  return size;
}

// Builds one header field and folds it: a fold is CRLF followed by the space that separates two tokens.
class HeaderBuilder {
 public:
  explicit HeaderBuilder(std::string_view name) {
    out_.append(name);
    out_ += ':';
    line_length_ = out_.size();
  }

  // Appends " token", folding before it if the line would grow over the limit (and the line has content).
  void AppendToken(std::string_view token) {
    if (line_length_ + 1 + token.size() > kMaxLine && has_token_on_line_) {
      out_.append(kCrlf);
      line_length_ = 0;
    }
    out_ += ' ';
    out_.append(token);
    line_length_ += 1 + token.size();
    has_token_on_line_ = true;
  }

  // Appends `text` (UTF-8) as a sequence of encoded-words, each at most 75 characters and each fitting its line.
  // Whitespace between adjacent encoded-words is ignored by decoders, so the words may split the text anywhere
  // between two characters; a multi-byte character is never split.
  void AppendEncodedWords(std::string_view text) {
    constexpr std::string_view kPrefix = "=?UTF-8?Q?";
    constexpr std::string_view kSuffix = "?=";
    constexpr std::size_t kMaxWord = 75;
    constexpr std::size_t kOverhead = kPrefix.size() + kSuffix.size();
    std::size_t pos = 0;
    while (pos < text.size()) {
      // Room for this word on the current line, or on a fresh one.
      std::size_t room = kMaxLine > line_length_ + 1 ? kMaxLine - line_length_ - 1 : 0;
      if (room < kOverhead + 12 && has_token_on_line_) room = kMaxLine - 1;
      std::size_t capacity = std::min(room, kMaxWord) - kOverhead;
      std::size_t end = pos;
      std::size_t encoded = 0;
      while (end < text.size()) {
        std::size_t length = std::min(Utf8SequenceLength(static_cast<unsigned char>(text[end])), text.size() - end);
        std::size_t size = QEncodedSize(text.substr(end, length));
        if (encoded + size > capacity) break;
        encoded += size;
        end += length;
      }
      std::string word(kPrefix);
      AppendQEncoded(word, text.substr(pos, end - pos));
      word.append(kSuffix);
      AppendToken(word);
      pos = end;
    }
  }

  std::string Take() { return std::move(out_); }

 private:
  std::string out_;
  std::size_t line_length_ = 0;
  bool has_token_on_line_ = false;
};

bool NeedsEncoding(std::string_view value) {
  return !IsPrintableAscii(value) || value.find("=?") != std::string_view::npos;
}

// Splits at spaces; runs of spaces collapse (a header fold needs whitespace to split at anyway).
void AppendWords(HeaderBuilder& header, std::string_view value) {
  std::size_t pos = 0;
  while (pos < value.size()) {
    std::size_t start = value.find_first_not_of(' ', pos);
    if (start == std::string_view::npos) break;
    std::size_t end = value.find(' ', start);
    if (end == std::string_view::npos) end = value.size();
    header.AppendToken(value.substr(start, end - start));
    pos = end;
  }
}

bool IsAtomText(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == ' ' ||
           std::string_view("!#$%&'*+-/=?^_`{|}~").find(c) != std::string_view::npos;
  });
}

std::string QuotedString(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  out += '"';
  return out;
}

std::string DomainOf(std::string_view address) {
  std::size_t at = address.rfind('@');
  std::string domain(at == std::string_view::npos ? std::string_view("localhost") : address.substr(at + 1));
  std::erase_if(domain, [](char c) { return c == '<' || c == '>' || static_cast<unsigned char>(c) <= 0x20; });
  return domain.empty() ? "localhost" : domain;
}

std::string Boundary(const OutgoingMail& mail) {
  // "=_" cannot occur in quoted-printable text ('=' is always followed by two hex digits or a line break), so the
  // boundary cannot collide with the encoded bodies.
  std::size_t hash = std::hash<std::string>{}(mail.message_id + "\n" + std::to_string(mail.id));
  return fmt::format("=_mw_{:016x}", hash);
}

}  // namespace

std::string FormatUnstructuredHeader(std::string_view name, std::string_view value) {
  std::string clean = SanitizeHeaderValue(value);
  HeaderBuilder header(name);
  if (NeedsEncoding(clean)) {
    header.AppendEncodedWords(clean);
  } else {
    AppendWords(header, clean);
  }
  return header.Take();
}

std::string FormatAddressHeader(std::string_view name, const Address& address) {
  std::string addr = SanitizeHeaderValue(address.address);
  std::erase_if(addr, [](char c) { return c == ' ' || c == '<' || c == '>'; });
  std::string display = SanitizeHeaderValue(address.name);
  std::string_view trimmed = display;
  while (!trimmed.empty() && trimmed.front() == ' ') trimmed.remove_prefix(1);
  while (!trimmed.empty() && trimmed.back() == ' ') trimmed.remove_suffix(1);

  HeaderBuilder header(name);
  if (trimmed.empty()) {
    header.AppendToken(addr);
    return header.Take();
  }
  if (NeedsEncoding(trimmed)) {
    header.AppendEncodedWords(trimmed);
  } else if (IsAtomText(trimmed)) {
    AppendWords(header, trimmed);
  } else {
    header.AppendToken(QuotedString(trimmed));
  }
  header.AppendToken("<" + addr + ">");
  return header.Take();
}

std::string EncodeQuotedPrintable(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 8 + 16);
  std::size_t line_length = 0;

  auto append_token = [&](std::string_view token) {
    // Keep room for the '=' of a soft line break.
    if (line_length + token.size() > kMaxLine - 1) {
      out += '=';
      out.append(kCrlf);
      line_length = 0;
    }
    out.append(token);
    line_length += token.size();
  };

  std::size_t pos = 0;
  while (true) {
    std::size_t end = text.find_first_of("\r\n", pos);
    std::string_view line = text.substr(pos, end == std::string_view::npos ? std::string_view::npos : end - pos);
    for (std::size_t i = 0; i < line.size(); ++i) {
      auto byte = static_cast<unsigned char>(line[i]);
      bool last = i + 1 == line.size();
      bool literal = (byte >= 33 && byte <= 126 && byte != '=') || ((byte == ' ' || byte == '\t') && !last);
      // A '.' never starts a line (also not after a soft break), so no line is ever a lone "." whatever the
      // transport does about dot-stuffing.
      bool starts_line = line_length == 0 || line_length + 1 > kMaxLine - 1;
      if (byte == '.' && starts_line) literal = false;
      if (literal) {
        char c = static_cast<char>(byte);
        append_token(std::string_view(&c, 1));
      } else {
        char encoded[3] = {'=', kHex[byte >> 4], kHex[byte & 0x0f]};
        append_token(std::string_view(encoded, 3));
      }
    }
    if (end == std::string_view::npos) {
      if (!line.empty()) out.append(kCrlf);  // the text did not end with a line break: end it with one
      break;
    }
    out.append(kCrlf);
    line_length = 0;
    pos = end + ((text[end] == '\r' && end + 1 < text.size() && text[end + 1] == '\n') ? 2 : 1);
    if (pos == text.size()) break;
  }
  return out;
}

std::string FormatDate(db::UnixSeconds time) {
  using namespace std::chrono;
  sys_seconds point{seconds{time}};
  sys_days day = floor<days>(point);
  year_month_day date{day};
  hh_mm_ss clock{point - day};
  static constexpr const char* kWeekdays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  return fmt::format("{}, {:02} {} {:04} {:02}:{:02}:{:02} +0000", kWeekdays[weekday{day}.c_encoding()],
                     static_cast<unsigned>(date.day()), kMonths[static_cast<unsigned>(date.month()) - 1],
                     static_cast<int>(date.year()), clock.hours().count(), clock.minutes().count(),
                     clock.seconds().count());
}

std::string MakeMessageId(std::int64_t id, db::UnixSeconds created_at, std::string_view from_address) {
  return fmt::format("mw.{}.{}@{}", created_at, id, DomainOf(from_address));
}

std::string FormatMessage(const OutgoingMail& mail, const Address& from) {
  std::string message_id =
      mail.message_id.empty() ? MakeMessageId(mail.id, mail.date, from.address) : SanitizeHeaderValue(mail.message_id);
  std::erase_if(message_id, [](char c) { return c == ' ' || c == '<' || c == '>'; });

  std::string out;
  auto header = [&](std::string field) {
    out += field;
    out.append(kCrlf);
  };
  header("Date: " + FormatDate(mail.date));
  header(FormatAddressHeader("From", from));
  header(FormatAddressHeader("To", Address{mail.mail.to_address, mail.mail.to_name}));
  header(FormatUnstructuredHeader("Subject", mail.mail.subject));
  header("Message-ID: <" + message_id + ">");
  header("MIME-Version: 1.0");
  // RFC 3834: keeps vacation responders from answering the portal.
  header("Auto-Submitted: auto-generated");

  if (!mail.mail.body_html) {
    header("Content-Type: text/plain; charset=utf-8");
    header("Content-Transfer-Encoding: quoted-printable");
    out.append(kCrlf);
    out += EncodeQuotedPrintable(mail.mail.body_text);
    return out;
  }

  std::string boundary = Boundary(mail);
  header("Content-Type: multipart/alternative;");
  header(" boundary=\"" + boundary + "\"");
  out.append(kCrlf);
  out += "This is a multi-part message in MIME format.";
  out.append(kCrlf);
  auto part = [&](std::string_view type, std::string_view body) {
    out += "--" + boundary;
    out.append(kCrlf);
    out += fmt::format("Content-Type: {}; charset=utf-8", type);
    out.append(kCrlf);
    out += "Content-Transfer-Encoding: quoted-printable";
    out.append(kCrlf);
    out.append(kCrlf);
    out += EncodeQuotedPrintable(body);
  };
  part("text/plain", mail.mail.body_text);
  part("text/html", *mail.mail.body_html);
  out += "--" + boundary + "--";
  out.append(kCrlf);
  return out;
}

}  // namespace mw::mail

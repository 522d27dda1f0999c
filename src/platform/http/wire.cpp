#include "platform/http/wire.hpp"

#include <zlib.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <stdexcept>

#include "platform/core/text.hpp"
#include "platform/http/parsers.hpp"

namespace mw::http::wire {
namespace {

constexpr std::string_view kBadRequest = "Die Anfrage ist fehlerhaft.";

bool IsTokenChar(unsigned char c) {
  if (c >= '0' && c <= '9') return true;
  if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') return true;
  return std::string_view("!#$%&'*+-.^_`|~").find(static_cast<char>(c)) != std::string_view::npos;
}

// The media type of a Content-Type value, lower-case and without parameters.
std::string MediaType(std::string_view content_type) {
  return AsciiLower(Trim(content_type.substr(0, content_type.find(';'))));
}

}  // namespace

Result<Target> ParseTarget(std::string_view target) {
  if (target.empty() || target.front() != '/') return Fail(ErrorKind::kInvalid, std::string(kBadRequest));
  for (unsigned char c : target) {
    if (c <= 0x20 || c >= 0x7f || c == '#') return Fail(ErrorKind::kInvalid, std::string(kBadRequest));
  }
  const std::size_t question = target.find('?');
  const std::string_view raw_path = target.substr(0, question);
  const std::string_view raw_query = question == std::string_view::npos ? "" : target.substr(question + 1);

  for (std::size_t pos = raw_path.find('%'); pos != std::string_view::npos; pos = raw_path.find('%', pos + 1)) {
    if (raw_path.size() >= pos + 3 && raw_path[pos + 1] == '2' && (raw_path[pos + 2] | 0x20) == 'f') {
      return Fail(ErrorKind::kInvalid, std::string(kBadRequest));
    }
  }
  auto path = PercentDecode(raw_path, /*plus_is_space=*/false);
  if (!path) return std::unexpected(path.error());
  if (path->find('\0') != std::string::npos) return Fail(ErrorKind::kInvalid, std::string(kBadRequest));
  // Every segment between slashes; "." and ".." would let a path climb out of where a route expects it.
  std::string_view rest = *path;
  while (!rest.empty()) {
    rest.remove_prefix(1);  // the '/'
    const std::size_t slash = rest.find('/');
    const std::string_view segment = rest.substr(0, slash);
    if (segment == "." || segment == "..") return Fail(ErrorKind::kInvalid, std::string(kBadRequest));
    if (slash == std::string_view::npos) break;
    rest.remove_prefix(slash);
  }

  auto query = ParseUrlEncoded(raw_query);
  if (!query) return std::unexpected(query.error());
  return Target{.path = std::move(*path), .query = std::move(*query)};
}

int TransferEncodingStatus(const std::vector<std::string_view>& values, unsigned http_version) {
  if (http_version < 11) return 400;
  std::vector<std::string> codings;
  for (std::string_view value : values) {
    while (true) {
      const std::size_t comma = value.find(',');
      const std::string_view element = Trim(value.substr(0, comma));
      if (!element.empty()) {
        const std::size_t semicolon = element.find(';');
        const std::string_view name = Trim(element.substr(0, semicolon));
        if (name.empty() || !std::all_of(name.begin(), name.end(), [](char c) {
              return IsTokenChar(static_cast<unsigned char>(c));
            })) {
          return 400;
        }
        codings.push_back(AsciiLower(name));
        // chunked takes no parameters (RFC 9112 7.1).
        if (semicolon != std::string_view::npos && codings.back() == "chunked") return 400;
      }
      if (comma == std::string_view::npos) break;
      value.remove_prefix(comma + 1);
    }
  }
  if (codings.empty() || codings.back() != "chunked") return 400;
  if (std::count(codings.begin(), codings.end(), "chunked") > 1) return 400;
  return codings.size() == 1 ? 0 : 501;
}

double CodingQuality(std::string_view accept_encoding, std::string_view wanted) {
  double coding_q = -1;
  double star_q = -1;
  while (!accept_encoding.empty()) {
    const std::size_t comma = accept_encoding.find(',');
    std::string_view item = accept_encoding.substr(0, comma);
    accept_encoding.remove_prefix(comma == std::string_view::npos ? accept_encoding.size() : comma + 1);

    const std::size_t semicolon = item.find(';');
    const std::string_view coding = Trim(item.substr(0, semicolon));
    double q = 1;
    if (semicolon != std::string_view::npos) {
      std::string_view params = item.substr(semicolon + 1);
      while (!params.empty()) {
        const std::size_t next = params.find(';');
        std::string_view param = Trim(params.substr(0, next));
        params.remove_prefix(next == std::string_view::npos ? params.size() : next + 1);
        if (param.size() >= 2 && (param[0] | 0x20) == 'q' && param[1] == '=') {
          std::string_view number = Trim(param.substr(2));
          double parsed = 0;
          auto [end, error] = std::from_chars(number.data(), number.data() + number.size(), parsed);
          q = (error == std::errc() && end == number.data() + number.size()) ? parsed : 0;
        }
      }
    }
    if (IEquals(coding, wanted) || (IEquals(wanted, "gzip") && IEquals(coding, "x-gzip"))) {
      coding_q = q;
    } else if (coding == "*") {
      star_q = q;
    }
  }
  if (coding_q >= 0) return coding_q;
  return star_q >= 0 ? star_q : -1;
}

bool AcceptsGzip(std::string_view accept_encoding) { return CodingQuality(accept_encoding, "gzip") > 0; }

bool IsCompressible(std::string_view content_type) {
  const std::string media_type = MediaType(content_type);
  return media_type.starts_with("text/") || media_type == "application/json" ||
         media_type == "application/problem+json" || media_type == "application/javascript" ||
         media_type == "image/svg+xml";
}

std::string Gzip(std::string_view data, int level) {
  z_stream stream{};
  // windowBits 15 + 16: a gzip header and trailer instead of the zlib wrapper.
  const int mem_level = level == Z_BEST_COMPRESSION ? 9 : 8;  // the smallest output wants the most memory, too
  if (deflateInit2(&stream, level, Z_DEFLATED, 15 + 16, mem_level, Z_DEFAULT_STRATEGY) != Z_OK) {
    throw std::runtime_error("deflateInit2 failed");
  }
  std::string out;
  out.resize(deflateBound(&stream, static_cast<uLong>(data.size())) + 32);
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  stream.avail_in = static_cast<uInt>(data.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  const int result = deflate(&stream, Z_FINISH);
  const std::size_t produced = stream.total_out;
  deflateEnd(&stream);
  if (result != Z_STREAM_END) throw std::runtime_error("deflate failed");
  out.resize(produced);
  return out;
}

std::string StatusMessage(int status) {
  switch (status) {
    case 400: return "Die Anfrage ist fehlerhaft.";
    case 401: return "Bitte melden Sie sich an.";
    case 403: return "Sie haben keine Berechtigung für diese Seite.";
    case 404: return "Diese Seite gibt es nicht.";
    case 405: return "Diese Methode ist hier nicht erlaubt.";
    case 408: return "Die Anfrage kam nicht rechtzeitig an.";
    case 409: return "Die Anfrage steht im Widerspruch zum aktuellen Stand.";
    case 410: return "Diese Seite gibt es nicht mehr.";
    case 413: return "Die Anfrage ist zu groß.";
    case 415: return "Dieses Format wird hier nicht angenommen.";
    case 422: return "Die Angaben sind nicht gültig.";
    case 429: return "Zu viele Anfragen. Bitte versuchen Sie es gleich noch einmal.";
    case 431: return "Die Kopfzeilen der Anfrage sind zu groß.";
    case 500: return "Ein interner Fehler ist aufgetreten.";
    case 501: return "Die Übertragungskodierung dieser Anfrage wird nicht unterstützt.";
    case 503: return "Der Dienst ist vorübergehend nicht erreichbar.";
    default: return status >= 500 ? "Ein interner Fehler ist aufgetreten." : "Die Anfrage ist fehlerhaft.";
  }
}

std::string HttpDate(std::time_t time) {
  std::tm tm{};
  gmtime_r(&time, &tm);
  static constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%s, %02d %s %04d %02d:%02d:%02d GMT", kDays[tm.tm_wday], tm.tm_mday,
                kMonths[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
  return buffer;
}

std::string IsoTimestampNow() {
  const auto now = std::chrono::system_clock::now();
  const std::time_t seconds = std::chrono::system_clock::to_time_t(now);
  const auto millis =
      std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1,
                tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(millis));
  return buffer;
}

bool IsSafeHeaderValue(std::string_view value) {
  return value.find_first_of(std::string_view("\r\n\0", 3)) == std::string_view::npos;
}

bool IsHeaderName(std::string_view name) {
  if (name.empty()) return false;
  for (unsigned char c : name) {
    if (!IsTokenChar(c)) return false;
  }
  return true;
}

}  // namespace mw::http::wire

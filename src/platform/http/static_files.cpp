// Static files: the folder is read once at start (StaticAssets): every file's content hash, and the gzip and brotli
// forms of the compressible ones, kept in memory (the build's folder is 1.9 MB; its compressed forms take 166 KB).
// The handler runs on a worker thread, so stat() and re-reading a file that changed since are fine here; the server
// streams the file itself (identity) or sends the kept compressed form. A missing file answers a bare 404, which the
// server turns into the error page (see Router::SetErrorRenderer).
#include <brotli/encode.h>
#include <sys/stat.h>
#include <zlib.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <fstream>
#include <iterator>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string_view>

#include "platform/core/text.hpp"
#include "platform/http/server.hpp"
#include "platform/http/wire.hpp"

namespace mw::http {
namespace {

// One file of the folder: its validator, the hash for versioned addresses and, for compressible types, its gzip and
// brotli forms (empty when not compressible or not smaller than the file).
struct Entry {
  std::int64_t mtime_ns = 0;
  std::uint64_t size = 0;
  std::string etag;  // "\"<fnv 16 hex><crc 8 hex>-<length hex>\""
  std::string hash;  // the FNV part of the tag: the <hash> of /static/v/<hash>/…
  std::string gzip;
  std::string brotli;
};

std::string ContentTypeFor(const std::filesystem::path& path) {
  static const std::map<std::string, std::string, std::less<>> kTypes = {
      {".css", "text/css; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".jpg", "image/jpeg"},
      {".jpeg", "image/jpeg"},
      {".woff2", "font/woff2"},
      {".woff", "font/woff"},
      {".ttf", "font/ttf"},
      {".ico", "image/x-icon"},
      {".txt", "text/plain; charset=utf-8"},
      {".json", "application/json"},
      {".pdf", "application/pdf"},
      {".map", "application/json"},
  };
  auto it = kTypes.find(AsciiLower(path.extension().string()));
  return it == kTypes.end() ? "application/octet-stream" : it->second;
}

// A strong validator from the content: 64-bit FNV-1a and CRC-32 of the bytes, plus the length.
std::string ContentTag(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return {};
  std::uint64_t fnv = 14695981039346656037ull;
  uLong crc = crc32(0L, Z_NULL, 0);
  std::uint64_t length = 0;
  char buffer[64 * 1024];
  while (in) {
    in.read(buffer, sizeof buffer);
    const std::streamsize got = in.gcount();
    if (got <= 0) break;
    for (std::streamsize byte_idx = 0; byte_idx < got; ++byte_idx) {
      fnv ^= static_cast<unsigned char>(buffer[byte_idx]);
      fnv *= 1099511628211ull;
    }
    crc = crc32(crc, reinterpret_cast<const Bytef*>(buffer), static_cast<uInt>(got));
    length += static_cast<std::uint64_t>(got);
  }
  char tag[64];
  std::snprintf(tag, sizeof tag, "\"%016llx%08lx-%llx\"", static_cast<unsigned long long>(fnv),
                static_cast<unsigned long>(crc), static_cast<unsigned long long>(length));
  return tag;
}

// If-None-Match: "*" or a list of entity tags, compared weakly (RFC 9110 13.1.2).
bool MatchesIfNoneMatch(std::string_view header, std::string_view etag) {
  if (Trim(header) == "*") return true;
  while (!header.empty()) {
    const std::size_t comma = header.find(',');
    std::string_view candidate = Trim(header.substr(0, comma));
    header.remove_prefix(comma == std::string_view::npos ? header.size() : comma + 1);
    if (candidate.starts_with("W/")) candidate.remove_prefix(2);
    if (candidate == etag) return true;
  }
  return false;
}

// True if `path` lies inside `root` (both canonical).
bool IsInside(const std::filesystem::path& path, const std::filesystem::path& root) {
  auto root_it = root.begin();
  auto path_it = path.begin();
  for (; root_it != root.end(); ++root_it, ++path_it) {
    if (root_it->empty()) continue;  // a trailing separator of root
    if (path_it == path.end() || *path_it != *root_it) return false;
  }
  return path_it != path.end();
}

Response NotFound() { return Response{.status = 404}; }

// Types whose gzip/brotli form is kept: text and images stored as text. Fonts (woff2), pictures and PDFs are
// compressed already.
bool IsPrecompressed(const std::filesystem::path& path) {
  static const std::set<std::string, std::less<>> kExtensions = {".css", ".js",  ".svg", ".json",
                                                                 ".txt", ".map", ".ico"};
  return kExtensions.contains(AsciiLower(path.extension().string()));
}

// Larger files are not read into memory (the folder has none; a stray one is streamed as is).
constexpr std::uint64_t kMaxPrecompressedBytes = 8 * 1024 * 1024;

std::string Brotli(std::string_view data) {
  std::string out(BrotliEncoderMaxCompressedSize(data.size()), '\0');
  std::size_t produced = out.size();
  if (out.empty() || !BrotliEncoderCompress(BROTLI_MAX_QUALITY, BROTLI_DEFAULT_WINDOW, BROTLI_MODE_TEXT, data.size(),
                                            reinterpret_cast<const std::uint8_t*>(data.data()), &produced,
                                            reinterpret_cast<std::uint8_t*>(out.data()))) {
    return {};
  }
  out.resize(produced);
  return out;
}

std::string ReadAll(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// Hashes `path` and, for a compressible type, keeps its compressed forms when they are smaller. nullptr when the file
// cannot be read.
std::shared_ptr<const Entry> MakeEntry(const std::filesystem::path& path, std::int64_t mtime_ns, std::uint64_t size) {
  auto entry = std::make_shared<Entry>();
  entry->mtime_ns = mtime_ns;
  entry->size = size;
  entry->etag = ContentTag(path);
  if (entry->etag.size() < 17) return nullptr;
  entry->hash = entry->etag.substr(1, 16);
  if (IsPrecompressed(path) && size > 0 && size <= kMaxPrecompressedBytes) {
    const std::string content = ReadAll(path);
    if (content.size() == size) {
      if (std::string gzip = wire::Gzip(content, Z_BEST_COMPRESSION); gzip.size() < content.size()) {
        entry->gzip = std::move(gzip);
      }
      if (std::string brotli = Brotli(content); !brotli.empty() && brotli.size() < content.size()) {
        entry->brotli = std::move(brotli);
      }
    }
  }
  return entry;
}

std::optional<std::pair<std::int64_t, std::uint64_t>> StatFile(const std::filesystem::path& path, time_t* mtime_s) {
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0 || !S_ISREG(info.st_mode)) return std::nullopt;
  if (mtime_s) *mtime_s = info.st_mtim.tv_sec;
  return std::pair{static_cast<std::int64_t>(info.st_mtim.tv_sec) * 1'000'000'000 + info.st_mtim.tv_nsec,
                   static_cast<std::uint64_t>(info.st_size)};
}

bool IsHash(std::string_view text) {
  return text.size() == 16 &&
         std::ranges::all_of(text, [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

// Percent-encodes a validated relative path for a Location header (keeps unreserved characters and '/').
std::string EncodePath(std::string_view path) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (const char c : path) {
    const auto byte = static_cast<unsigned char>(c);
    if (std::isalnum(byte) || c == '-' || c == '.' || c == '_' || c == '~' || c == '/') {
      out += c;
    } else {
      out += '%';
      out += kHex[byte >> 4];
      out += kHex[byte & 0x0F];
    }
  }
  return out;
}

// `etag` with a suffix naming the coding inside the quotes: "…" → "…-br".
std::string TagFor(const std::string& etag, std::string_view coding) {
  if (coding.empty()) return etag;
  return etag.substr(0, etag.size() - 1) + "-" + std::string(coding) + "\"";
}

}  // namespace

struct StaticAssets::State {
  std::filesystem::path root;  // canonical
  std::mutex mutex;
  std::map<std::string, std::shared_ptr<const Entry>> entries;  // by canonical path
  std::set<std::string> hashes;  // of every file seen since start (an address of a page still in a cache stays valid)
  std::size_t compressed_bytes = 0;  // at start

  std::shared_ptr<const Entry> Lookup(const std::filesystem::path& path, std::int64_t mtime_ns, std::uint64_t size) {
    {
      std::lock_guard lock(mutex);
      auto it = entries.find(path.string());
      if (it != entries.end() && it->second->mtime_ns == mtime_ns && it->second->size == size) return it->second;
    }
    auto entry = MakeEntry(path, mtime_ns, size);
    if (!entry) return nullptr;
    std::lock_guard lock(mutex);
    entries[path.string()] = entry;
    hashes.insert(entry->hash);
    return entry;
  }
};

StaticAssets::StaticAssets(std::filesystem::path root) : state_(std::make_shared<State>()) {
  std::error_code ec;
  state_->root = std::filesystem::canonical(root, ec);
  if (ec) state_->root = std::filesystem::absolute(root).lexically_normal();
  std::filesystem::recursive_directory_iterator it(state_->root, ec), end;
  for (; !ec && it != end; it.increment(ec)) {
    std::error_code file_ec;
    const std::filesystem::path path = std::filesystem::canonical(it->path(), file_ec);
    if (file_ec || !IsInside(path, state_->root)) continue;
    const auto stamp = StatFile(path, nullptr);
    if (!stamp) continue;
    if (auto entry = state_->Lookup(path, stamp->first, stamp->second)) {
      state_->compressed_bytes += entry->gzip.size() + entry->brotli.size();
    }
  }
}

StaticAssets::~StaticAssets() = default;

std::string StaticAssets::Url(std::string_view static_path) const {
  constexpr std::string_view kPrefix = "/static/";
  if (!static_path.starts_with(kPrefix)) return std::string(static_path);
  const std::string relative(static_path.substr(kPrefix.size()));
  if (relative.empty() || relative.find("..") != std::string::npos) return std::string(static_path);
  // Every page asks for a few: a lookup by the plain path first (no symlinks on the way), canonical() only otherwise.
  std::filesystem::path path = (state_->root / relative).lexically_normal();
  std::lock_guard lock(state_->mutex);
  auto it = state_->entries.find(path.string());
  if (it == state_->entries.end()) {
    std::error_code ec;
    path = std::filesystem::canonical(state_->root / relative, ec);
    if (!ec) it = state_->entries.find(path.string());
  }
  if (it == state_->entries.end()) return std::string(static_path);
  return std::string(kPrefix) + "v/" + it->second->hash + "/" + relative;
}

std::size_t StaticAssets::CompressedBytes() const { return state_->compressed_bytes; }

Handler StaticFiles(std::filesystem::path root, std::string cache_control) {
  return StaticFiles(StaticAssets(std::move(root)), std::move(cache_control));
}

Handler StaticFiles(const StaticAssets& assets, std::string cache_control) {
  return [state = assets.state_, cache_control = std::move(cache_control)](Request& request) -> Response {
    std::string relative = request.PathParam("*");
    // /static/v/<hash>/<file>: the same file under an address that changes with the content (see server.hpp).
    std::optional<std::string> version;
    if (relative.starts_with("v/")) {
      const std::size_t slash = relative.find('/', 2);
      if (slash == std::string::npos || !IsHash(std::string_view(relative).substr(2, slash - 2))) return NotFound();
      version = relative.substr(2, slash - 2);
      relative.erase(0, slash + 1);
    }
    if (relative.empty() || relative.front() == '/' || relative.find('\\') != std::string::npos ||
        relative.find('\0') != std::string::npos) {
      return NotFound();
    }
    for (const auto& part : std::filesystem::path(relative)) {
      if (part == ".." || part == ".") return NotFound();
    }
    std::error_code ec;
    // canonical() resolves symlinks, so a link pointing outside the root is caught by IsInside.
    const std::filesystem::path path = std::filesystem::canonical(state->root / relative, ec);
    if (ec || !IsInside(path, state->root)) return NotFound();

    time_t mtime_s = 0;
    const auto stamp = StatFile(path, &mtime_s);
    if (!stamp) return NotFound();
    const auto entry = state->Lookup(path, stamp->first, stamp->second);
    if (!entry) return NotFound();

    std::string_view caching = cache_control;
    if (version && *version == entry->hash) {
      caching = kImmutableCacheControl;
    } else if (version) {
      bool known = false;
      {
        std::lock_guard lock(state->mutex);
        known = state->hashes.contains(*version);
      }
      if (!known) {
        // An address from a page built before the file changed (or made up): the current file under its plain name.
        Response moved{.status = 302};
        moved.SetHeader("Location", "/static/" + EncodePath(relative));
        moved.SetHeader("Cache-Control", "no-cache");
        return moved;
      }
    }

    // The best coding the client accepts (br, then gzip, then the file as is), only when it is smaller.
    const std::string accept_encoding = request.Header("accept-encoding").value_or("");
    std::string_view coding;
    const std::string* body = nullptr;
    if (!entry->brotli.empty() && wire::CodingQuality(accept_encoding, "br") > 0) {
      coding = "br";
      body = &entry->brotli;
    } else if (!entry->gzip.empty() && wire::CodingQuality(accept_encoding, "gzip") > 0) {
      coding = "gzip";
      body = &entry->gzip;
    }
    const std::string etag = TagFor(entry->etag, coding);

    Response response;
    response.SetHeader("ETag", etag);
    response.SetHeader("Cache-Control", std::string(caching));
    response.SetHeader("Last-Modified", wire::HttpDate(mtime_s));
    if (!entry->gzip.empty() || !entry->brotli.empty()) response.SetHeader("Vary", "Accept-Encoding");
    if (auto if_none_match = request.Header("if-none-match"); if_none_match && MatchesIfNoneMatch(*if_none_match, etag)) {
      response.status = 304;
      return response;
    }
    response.status = 200;
    response.SetHeader("Content-Type", ContentTypeFor(path));
    if (body) {
      response.SetHeader("Content-Encoding", std::string(coding));
      response.body = *body;
    } else {
      response.file = path;
    }
    return response;
  };
}

}  // namespace mw::http

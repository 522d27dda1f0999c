// Static files: the handler runs on a worker thread, so stat(), reading for the hash and the ETag cache are fine
// here; the server then streams the file. A missing file answers a bare 404, which the server turns into the
// error page (see Router::SetErrorRenderer).
#include <sys/stat.h>
#include <zlib.h>

#include <cstdint>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <string_view>

#include "platform/core/text.hpp"
#include "platform/http/server.hpp"
#include "platform/http/wire.hpp"

namespace mw::http {
namespace {

struct CachedTag {
  std::int64_t mtime_ns = 0;
  std::uint64_t size = 0;
  std::string etag;
};

struct StaticState {
  std::filesystem::path root;  // canonical
  std::string cache_control;
  std::mutex mutex;
  std::map<std::string, CachedTag> tags;  // by canonical path
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

}  // namespace

Handler StaticFiles(std::filesystem::path root, std::string cache_control) {
  auto state = std::make_shared<StaticState>();
  std::error_code ec;
  state->root = std::filesystem::canonical(root, ec);
  if (ec) state->root = std::filesystem::absolute(root).lexically_normal();
  state->cache_control = std::move(cache_control);

  return [state](Request& request) -> Response {
    const std::string relative = request.PathParam("*");
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

    struct stat info {};
    if (::stat(path.c_str(), &info) != 0 || !S_ISREG(info.st_mode)) return NotFound();
    const std::int64_t mtime_ns =
        static_cast<std::int64_t>(info.st_mtim.tv_sec) * 1'000'000'000 + info.st_mtim.tv_nsec;
    const auto size = static_cast<std::uint64_t>(info.st_size);

    std::string etag;
    {
      std::lock_guard lock(state->mutex);
      auto it = state->tags.find(path.string());
      if (it != state->tags.end() && it->second.mtime_ns == mtime_ns && it->second.size == size) {
        etag = it->second.etag;
      }
    }
    if (etag.empty()) {
      etag = ContentTag(path);
      if (etag.empty()) return NotFound();
      std::lock_guard lock(state->mutex);
      state->tags[path.string()] = CachedTag{mtime_ns, size, etag};
    }

    Response response;
    response.SetHeader("ETag", etag);
    response.SetHeader("Cache-Control", state->cache_control);
    response.SetHeader("Last-Modified", wire::HttpDate(info.st_mtim.tv_sec));
    if (auto if_none_match = request.Header("if-none-match"); if_none_match && MatchesIfNoneMatch(*if_none_match, etag)) {
      response.status = 304;
      return response;
    }
    response.status = 200;
    response.SetHeader("Content-Type", ContentTypeFor(path));
    response.file = path;
    return response;
  };
}

}  // namespace mw::http

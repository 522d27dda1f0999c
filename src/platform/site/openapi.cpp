#include "platform/site/openapi.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>
#include <vector>

#include <boost/json.hpp>

namespace mw::site {
namespace {

namespace fs = std::filesystem;

Result<boost::json::object> ReadObject(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return Fail(ErrorKind::kNotFound, "Die API-Beschreibung " + file.string() + " fehlt.");
  std::stringstream buffer;
  buffer << in.rdbuf();
  boost::system::error_code ec;
  auto value = boost::json::parse(buffer.str(), ec);
  if (ec || !value.is_object()) {
    return Fail(ErrorKind::kInvalid, "Die API-Beschreibung " + file.string() + " ist kein JSON-Objekt.");
  }
  return std::move(value.as_object());
}

// Adds every member of `from` to `into`; a key present in both is an error naming `what` and `file`.
Status MergeMembers(boost::json::object& into, const boost::json::object& from, std::string_view what,
                    const fs::path& file, std::string_view strip_prefix = {}) {
  for (const auto& [key, value] : from) {
    std::string name(key);
    if (!strip_prefix.empty() && name.starts_with(strip_prefix)) name = name.substr(strip_prefix.size());
    if (into.contains(name)) {
      return Fail(ErrorKind::kConflict, std::string(what) + " „" + name + "“ ist doppelt beschrieben (" +
                                            file.filename().string() + ").");
    }
    into[name] = value;
  }
  return {};
}

}  // namespace

Result<std::string> BuildOpenApi(const fs::path& main_file) {
  auto document = ReadObject(main_file);
  if (!document) return std::unexpected(document.error());
  std::vector<fs::path> fragments;
  const fs::path folder = main_file.parent_path() / "openapi";
  std::error_code ec;
  if (fs::is_directory(folder, ec)) {
    for (const auto& entry : fs::directory_iterator(folder)) {
      if (entry.is_regular_file() && entry.path().extension() == ".json") fragments.push_back(entry.path());
    }
  }
  std::sort(fragments.begin(), fragments.end());
  boost::json::object& paths = (*document)["paths"].is_object() ? (*document)["paths"].as_object()
                                                                : ((*document)["paths"] = boost::json::object{}).as_object();
  for (const auto& file : fragments) {
    auto fragment = ReadObject(file);
    if (!fragment) return std::unexpected(fragment.error());
    if (const auto* more = fragment->if_contains("paths"); more && more->is_object()) {
      if (auto merged = MergeMembers(paths, more->as_object(), "Der Pfad", file, "/api/v1"); !merged) {
        return std::unexpected(merged.error());
      }
    }
    if (const auto* components = fragment->if_contains("components"); components && components->is_object()) {
      auto& target = (*document)["components"];
      if (!target.is_object()) target = boost::json::object{};
      for (const auto& [kind, members] : components->as_object()) {
        if (!members.is_object()) continue;
        auto& into = target.as_object()[kind];
        if (!into.is_object()) into = boost::json::object{};
        if (auto merged = MergeMembers(into.as_object(), members.as_object(), "Die Komponente", file); !merged) {
          return std::unexpected(merged.error());
        }
      }
    }
  }
  return boost::json::serialize(*document);
}

}  // namespace mw::site

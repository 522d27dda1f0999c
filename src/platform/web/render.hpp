// The one way to render a page: a mustache template (escaping on) filled from a view model built in C++, inside the
// common layout (skip link, landmarks, language attribute, header with navigation and login state, footer with the
// links to the accessibility statement, imprint and privacy page).
//
//   web::Renderer renderer(templates_dir, locales_dir);
//   web::PageContext page{.locale = "de", .title_key = "login.title", ...};
//   boost::json::object model{{"email", email}};
//   std::string html = renderer.Page("login", model, page);
//
// Strings shown to people live in locales/de.json and locales/en.json (flat "area.key" → text). Templates reach
// them as {{t.area.key}} — the renderer expands the dotted keys into nested objects. A key missing in English falls
// back to German; a key missing in German renders as the key itself and is logged once.
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json.hpp>

namespace mw::web {

inline constexpr std::string_view kDefaultLocale = "de";
bool IsSupportedLocale(std::string_view locale);  // "de", "en"

// Everything the layout needs beyond the page's own model.
struct PageContext {
  std::string locale = "de";
  std::string title;          // already translated page title (without the site name)
  std::string csrf_token;     // for forms in the layout (logout) and for the page model as {{csrf}}
  std::string user_name;      // empty when logged out
  bool is_platform_admin = false;
  std::string tenant_slug;    // when inside a tenant section
  std::string tenant_name;
  std::string current_path;   // for the language switch and "next" after login
  std::vector<std::string> flash;  // one-time notices (already translated)
  std::vector<std::pair<std::string, std::string>> breadcrumbs;  // (label, href); last is the current page
};

class Renderer {
 public:
  // Loads and caches all *.mustache files of `templates_dir` (partials by file stem) and the locale catalogs.
  Renderer(std::filesystem::path templates_dir, std::filesystem::path locales_dir);
  ~Renderer();

  // Renders template `name` with `model` (plus "t" = translations, "csrf", "lang") and wraps it into the layout.
  std::string Page(std::string_view name, const boost::json::object& model, const PageContext& page) const;
  // Renders a template alone (mail bodies, fragments).
  std::string Fragment(std::string_view name, const boost::json::object& model, std::string_view locale) const;
  // The translation of `key` in `locale`, with {name} placeholders replaced from `args`.
  std::string T(std::string_view locale, std::string_view key,
                const std::map<std::string, std::string>& args = {}) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace mw::web

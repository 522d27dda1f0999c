// The one way to render a page: a mustache template (escaping on) filled from a view model built in C++, inside the
// common layout (skip link, landmarks, language attribute, header with navigation and login state, footer with the
// links to the accessibility statement, imprint and privacy page).
//
//   web::Renderer renderer(templates_dir, locales_dir);
//   web::PageContext page{.locale = "de", .title = renderer.T("de", "login.title"), ...};
//   boost::json::object model{{"email", email}};
//   std::string html = renderer.Page("login", model, page);
//
// Strings shown to people live in locales/de.json and locales/en.json (flat "area.key" → text), and in fragments
// beside them that a format keeps for itself (locales/petitions.de.json, …; a key may be defined once). Templates reach
// them as {{t.area.key}} — the renderer expands the dotted keys into nested objects. A key missing in English falls
// back to German; a key missing in German renders as the key itself and is logged once.
//
// What a template sees (docs/templates.md has every page's model):
//   - the model's fields; "t" (translations), "lang", "mark_de" and, in pages, "csrf" are reserved and set by the
//     renderer; "mark_de" is true on pages not in German, for the German content people and authorities wrote
//     (titles, texts, names): <h1{{#mark_de}} lang="de"{{/mark_de}}>{{title}}</h1>;
//   - in the layout, "asset": the addresses of the layout's own stylesheets (fira_sans_css, kern_css, site_css), and
//     "stylesheets"/"scripts": the page's own, all mapped by the renderer's AssetUrl (content-hashed when serving);
//   - falsy for {{#section}}: false, null, "", [] and {} (and absent fields); numbers render as written;
//   - for every array field `x` also `has_x` (true when it has items), so a list can be wrapped without looping;
//   - for every string field `x` whose value `v` is a short token ([A-Za-z0-9_-], up to 40) also `x=v`: true, so
//     {{#values.account_type=organisation}}checked{{/values.account_type=organisation}} needs no comparison.
// Everything is HTML-escaped except the layout's {{{content}}}. Partials ({{> name}}) are other files of the folder,
// inlined when the renderer is built. A folder without layout.mustache (mail bodies) serves Fragment() only.
#pragma once

#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json.hpp>

namespace mw::web {

inline constexpr std::string_view kDefaultLocale = "de";
bool IsSupportedLocale(std::string_view locale);  // "de", "en"

// One step of the breadcrumb trail. `written`: the label is what people wrote (a tenant's name, a procedure's or a
// petition's title), German whatever the page's language, so that it is marked lang="de" on pages in another.
struct Crumb {
  std::string label;
  std::string href;  // empty for the current page
  bool written = false;
};

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
  std::vector<Crumb> breadcrumbs;  // the last is the current page
  // Extra stylesheets and scripts of this page (e.g. a map), each a path under /static/; anything else is dropped.
  // Scripts load with `defer` and must enhance a page that works without them.
  std::vector<std::string> stylesheets;
  std::vector<std::string> scripts;
  // Further entries of the site's navigation after "Start" (label already translated, href a path).
  std::vector<std::pair<std::string, std::string>> nav_links;
};

// Maps a static file's address ("/static/css/site.css") to the one pages reference, e.g. http::StaticAssets::Url's
// content-hashed "/static/v/<hash>/css/site.css". An empty function leaves addresses as they are.
using AssetUrl = std::function<std::string(std::string_view static_path)>;

class Renderer {
 public:
  // Loads and parses all *.mustache files of `templates_dir` (not its subfolders; partials by file stem) and
  // `locales_dir`/de.json and en.json with their fragments *.de.json and *.en.json. Throws std::runtime_error naming the file when one is missing or broken.
  // The renderer is immutable afterwards: Page, Fragment and T may be called from any number of threads at once.
  // `asset_url` maps the layout's stylesheets ({{asset.<name>}}) and a page's own stylesheets and scripts.
  Renderer(std::filesystem::path templates_dir, std::filesystem::path locales_dir, AssetUrl asset_url = {});
  ~Renderer();

  // Renders template `name` with `model` (plus "t" = translations, "csrf", "lang") and wraps it into the layout.
  // An unknown template name (or a folder without layout.mustache) throws std::invalid_argument.
  std::string Page(std::string_view name, const boost::json::object& model, const PageContext& page) const;
  // The header's navigation of `page` (login state, account and logout, language switch) exactly as Page renders it
  // into the layout: a cached page's header can be replaced by the one for another visitor (site/page_cache.hpp).
  std::string Nav(const PageContext& page) const;
  // Renders a template alone (mail bodies, fragments) with `model` plus "t" and "lang"; no layout, no "csrf".
  std::string Fragment(std::string_view name, const boost::json::object& model, std::string_view locale) const;
  // The translation of `key` in `locale` (an unsupported locale means German), with {name} placeholders replaced
  // from `args`; a placeholder without an argument stays as written. Plain text: the caller's template escapes it.
  std::string T(std::string_view locale, std::string_view key,
                const std::map<std::string, std::string>& args = {}) const;

  // The names (file stems) of all loaded templates, sorted. Partials are templates too.
  std::vector<std::string> TemplateNames() const;
  // Keys the templates use ({{t.key}}) that `locale`'s own catalog lacks (before any fallback), sorted. Empty for
  // complete catalogs; the tests keep it that way for "de" and "en".
  std::vector<std::string> MissingKeys(std::string_view locale) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace mw::web

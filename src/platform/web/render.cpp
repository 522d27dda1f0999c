// The renderer: templates and locale catalogs are read and parsed once, at construction, into state that is never
// written again, so any number of threads may render at the same time without locks (the one lock guards the
// "log a missing key once" set, which is touched only when a key is missing).
//
// Partials ({{> name}}) are inlined into the including template's text before it is parsed, so a render never parses
// anything. Each template is parsed once per locale with the plain uses of translations ({{t.key}}) already replaced
// by their text, so that a render does not look them up; the translations ("t", "lang") also live in one prebuilt
// mustache object per locale that sits below the page model on the context stack, for the uses left as tags.
#include "platform/web/render.hpp"

#include <algorithm>
#include <charconv>
#include <fstream>
#include <mutex>
#include <regex>
#include <set>
#include <sstream>
#include <stdexcept>
#include <unordered_map>
#include <utility>

#include <spdlog/spdlog.h>
#include <kainjow/mustache.hpp>

namespace mw::web {
namespace {

namespace mu = kainjow::mustache;
namespace fs = std::filesystem;

constexpr std::string_view kLayoutTemplate = "layout";
// The header's navigation (login state, language switch), rendered apart: see Renderer::Nav.
constexpr std::string_view kNavTemplate = "layout_nav";
constexpr int kMaxPartialDepth = 16;

// Collects rendered text; kainjow's render(context, stream) only needs operator<<.
struct StringSink {
  std::string& out;
  StringSink& operator<<(const std::string& text) {
    out += text;
    return *this;
  }
};

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path.string());
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) throw std::runtime_error("cannot read " + path.string());
  return std::move(text).str();
}

// A flat catalog: "login.title" → "Anmelden".
using Catalog = std::map<std::string, std::string, std::less<>>;

Catalog LoadCatalog(const fs::path& path) {
  boost::json::value root;
  try {
    root = boost::json::parse(ReadFile(path));
  } catch (const boost::system::system_error& error) {
    throw std::runtime_error(path.string() + ": invalid JSON: " + error.what());
  }
  if (!root.is_object()) throw std::runtime_error(path.string() + ": expected one JSON object of \"key\": \"text\"");
  Catalog catalog;
  for (const auto& [key, value] : root.as_object()) {
    if (!value.is_string()) {
      throw std::runtime_error(path.string() + ": the value of \"" + std::string(key) + "\" is not a string");
    }
    if (key.empty() || key.front() == '.' || key.back() == '.' || key.find("..") != boost::json::string_view::npos) {
      throw std::runtime_error(path.string() + ": malformed key \"" + std::string(key) + "\"");
    }
    catalog.emplace(std::string(key), std::string(value.as_string()));
  }
  return catalog;
}

// The catalog of `code` ("de"): `code`.json plus every fragment `<part>.<code>.json` beside it (formats keep their
// texts in their own fragment, e.g. petitions.de.json). A key defined twice is an error naming both files.
Catalog LoadCatalogs(const fs::path& dir, std::string_view code) {
  const fs::path base = dir / (std::string(code) + ".json");
  Catalog catalog = LoadCatalog(base);
  std::map<std::string, fs::path, std::less<>> origin;
  for (const auto& [key, text] : catalog) origin.emplace(key, base);
  std::vector<fs::path> fragments;
  const std::string suffix = "." + std::string(code) + ".json";
  for (const auto& entry : fs::directory_iterator(dir)) {
    const std::string name = entry.path().filename().string();
    if (entry.is_regular_file() && name.size() > suffix.size() && name.ends_with(suffix)) {
      fragments.push_back(entry.path());
    }
  }
  std::ranges::sort(fragments);
  for (const auto& fragment : fragments) {
    for (auto& [key, text] : LoadCatalog(fragment)) {
      if (auto [at, inserted] = origin.emplace(key, fragment); !inserted) {
        throw std::runtime_error(fragment.string() + ": \"" + key + "\" is already defined in " + at->second.string());
      }
      catalog.emplace(key, std::move(text));
    }
  }
  return catalog;
}

// The tree under construction: a string leaf or an object of children. Built first, converted to mustache data
// once, because kainjow's data can only be filled by copying.
struct KeyNode {
  std::optional<std::string> text;
  std::map<std::string, KeyNode, std::less<>> children;
};

mu::data ToMustache(const KeyNode& node) {
  if (node.text) return mu::data(*node.text);
  mu::object object;
  for (const auto& [name, child] : node.children) object.emplace(name, ToMustache(child));
  return mu::data(object);
}

// {"login.title": "Anmelden"} → {login: {title: "Anmelden"}}. A key that is both a text and a group
// ("a.b" and "a.b.c") cannot be expressed and is an error of the catalog `origin`.
mu::data ExpandDottedKeys(const Catalog& catalog, const std::string& origin) {
  KeyNode root;
  for (const auto& [key, text] : catalog) {
    KeyNode* node = &root;
    std::size_t start = 0;
    while (true) {
      const std::size_t dot = key.find('.', start);
      const std::string part = key.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
      if (node->text) {
        throw std::runtime_error(origin + ": \"" + key + "\" lies below \"" + key.substr(0, start - 1) +
                                 "\", which is a text");
      }
      node = &node->children[part];
      if (dot == std::string::npos) break;
      start = dot + 1;
    }
    if (!node->children.empty()) {
      throw std::runtime_error(origin + ": \"" + key + "\" is a text and a group of keys at once");
    }
    node->text = text;
  }
  return ToMustache(root);
}

// The context stack of one render. kainjow's own context splits every dotted name ({{t.petitions.title}},
// {{petition.title}}) through a stringstream on each lookup, which made name lookups the largest cost of a page; this
// one walks the segments of the name in place. Same semantics: the innermost item that resolves the whole name wins.
class RenderContext final : public mu::basic_context<std::string> {
 public:
  void push(const mu::data* data) override { items_.push_back(data); }
  void pop() override { items_.pop_back(); }

  const mu::data* get(const std::string& name) const override {
    if (name == ".") return items_.back();
    const std::size_t first_dot = name.find('.');
    if (first_dot == std::string::npos) return get_partial(name);
    for (auto item = items_.rbegin(); item != items_.rend(); ++item) {
      const mu::data* found = *item;
      std::size_t start = 0;
      std::size_t dot = first_dot;
      while (found) {
        segment_.assign(name, start, dot == std::string::npos ? std::string::npos : dot - start);
        found = found->get(segment_);
        if (dot == std::string::npos) break;
        start = dot + 1;
        dot = name.find('.', start);
      }
      if (found) return found;
    }
    return nullptr;
  }

  const mu::data* get_partial(const std::string& name) const override {
    for (auto item = items_.rbegin(); item != items_.rend(); ++item) {
      if (const mu::data* found = (*item)->get(name)) return found;
    }
    return nullptr;
  }

 private:
  std::vector<const mu::data*> items_;  // innermost last
  mutable std::string segment_;         // reused, so that a lookup does not allocate
};

bool IsToken(std::string_view text) {
  if (text.empty() || text.size() > 40) return false;
  return std::ranges::all_of(text, [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
  });
}

mu::data ToData(const boost::json::value& value);

// kainjow's data copies a whole subtree whenever an object or list is handed to it (it has no constructor taking
// them by move), so a tree built bottom-up by value is copied once per level of nesting. These fill a node where
// it stays instead: objects through `operator[]`, lists through the list the node owns (`list_value()` is a const
// view of a list the node allocated itself, not const, so filling it is allowed). Every string is copied once.
void Fill(mu::data& node, std::string key, mu::data&& value) {
  node[key] = std::move(value);
}

mu::list& OwnList(mu::data& node) {
  return const_cast<mu::list&>(node.list_value());
}

// The members of a JSON object plus the two derived flags that keep templates free of logic:
//   has_<key>      for an array member: true when it has items (a section over the array itself would loop)
//   <key>=<value>  for a string member whose value is a short token: true, so that a template can test
//                  {{#values.account_type=organisation}} without comparing strings
// A derived name never replaces a member the model sets itself.
mu::data ObjectData(const boost::json::object& object, bool skip_reserved) {
  mu::data members(mu::data::type::object);
  for (const auto& [key, child] : object) {
    if (skip_reserved && key == "t") continue;
    Fill(members, std::string(key), ToData(child));
  }
  for (const auto& [key, child] : object) {
    std::string derived;
    if (child.is_array()) {
      derived = "has_" + std::string(key);
      if (!members.get(derived)) Fill(members, std::move(derived), mu::data(!child.get_array().empty()));
    } else if (child.is_string() && IsToken(child.get_string())) {
      derived = std::string(key) + "=" + std::string(child.get_string());
      if (!members.get(derived)) Fill(members, std::move(derived), mu::data(true));
    }
  }
  return members;
}

// boost::json → mustache data. Falsy for sections: false, null, "", [] and {}. Numbers render in their shortest form.
mu::data ToData(const boost::json::value& value) {
  switch (value.kind()) {
    case boost::json::kind::object:
      if (value.get_object().empty()) return mu::data(false);
      return ObjectData(value.get_object(), false);
    case boost::json::kind::array: {
      mu::data list(mu::data::type::list);
      auto& items = OwnList(list);
      items.reserve(value.get_array().size());
      for (const auto& item : value.get_array()) items.push_back(ToData(item));
      return list;
    }
    case boost::json::kind::string: {
      const auto& text = value.get_string();
      if (text.empty()) return mu::data(false);
      return mu::data(std::string(text));
    }
    case boost::json::kind::int64:
      return mu::data(std::to_string(value.get_int64()));
    case boost::json::kind::uint64:
      return mu::data(std::to_string(value.get_uint64()));
    case boost::json::kind::double_: {
      char buffer[64];
      const auto result = std::to_chars(buffer, buffer + sizeof buffer, value.get_double());
      return mu::data(std::string(buffer, result.ptr));
    }
    case boost::json::kind::bool_:
      return mu::data(value.get_bool());
    case boost::json::kind::null:
      return mu::data(false);
  }
  return mu::data(false);
}

// The page model as the top of the context stack. "t" is reserved for the translations and is dropped here so that
// a model can never hide them.
mu::data ModelData(const boost::json::object& model) {
  return ObjectData(model, true);
}

const std::regex& PartialTag() {
  static const std::regex tag(R"(\{\{>\s*([A-Za-z0-9_-]+)\s*\}\})");
  return tag;
}

const std::regex& TranslationTag() {
  // {{t.a.b}}, {{#t.a.b}}, {{^t.a.b}}, {{ t.a.b }} — every use of a translation key.
  static const std::regex tag(R"(\{\{[#^/&{]?\s*t\.([A-Za-z0-9_.-]+?)\s*\}?\}\})");
  return tag;
}

// The template text with every plain use of a translation ({{t.key}}, {{{t.key}}}, {{&t.key}}) replaced by the text
// of `catalog` (HTML-escaped as mustache would for {{…}}), so that rendering does not look translations up at all.
// Left as tags, and so looked up at render time as before: keys that are groups or missing, texts that contain
// mustache delimiters, sections over translations, and templates that change the delimiters.
std::string SubstituteTranslations(const std::string& text, const Catalog& catalog) {
  if (text.find("{{=") != std::string::npos) return text;
  static const std::regex tag(R"(\{\{(\{|&)?\s*t\.([A-Za-z0-9_.-]+?)\s*(\})?\}\})");
  std::string result;
  result.reserve(text.size());
  auto last = text.cbegin();
  for (std::sregex_iterator it(text.begin(), text.end(), tag), end; it != end; ++it) {
    const auto& match = *it;
    const bool triple = match[1].matched && match[1].str() == "{";
    const bool raw = match[1].matched;
    const auto found = catalog.find(match[2].str());
    const bool well_formed = triple == match[3].matched;
    if (!well_formed || found == catalog.end() || found->second.find("{{") != std::string::npos ||
        found->second.find("}}") != std::string::npos) {
      continue;  // stays in the text between the substitutions
    }
    result.append(last, match[0].first);
    result += raw ? found->second : mu::html_escape<std::string>(found->second);
    last = match[0].second;
  }
  result.append(last, text.cend());
  return result;
}

std::string InlinePartials(const std::string& name, const std::map<std::string, std::string, std::less<>>& sources,
                           std::vector<std::string>& stack) {
  if (std::ranges::find(stack, name) != stack.end() || static_cast<int>(stack.size()) >= kMaxPartialDepth) {
    std::string chain;
    for (const auto& entry : stack) chain += entry + " → ";
    throw std::runtime_error("templates: partials include themselves: " + chain + name);
  }
  const auto found = sources.find(name);
  if (found == sources.end()) {
    throw std::runtime_error("templates: " + stack.back() + ".mustache includes the missing partial \"" + name + "\"");
  }
  stack.push_back(name);
  const std::string& text = found->second;
  std::string result;
  auto last = text.cbegin();
  for (std::sregex_iterator it(text.begin(), text.end(), PartialTag()), end; it != end; ++it) {
    result.append(last, (*it)[0].first);
    result += InlinePartials((*it)[1].str(), sources, stack);
    last = (*it)[0].second;
  }
  result.append(last, text.cend());
  stack.pop_back();
  return result;
}

bool PathIsSafe(std::string_view path) {
  return !path.empty() && path.front() == '/' && !path.starts_with("//") && path.find('\\') == std::string_view::npos;
}

// Keeps characters that are fine in an href as they are and percent-encodes the rest (spaces, quotes, non-ASCII).
std::string EncodeForHref(std::string_view text, bool as_query_value) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size());
  for (const unsigned char c : text) {
    const bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
                            c == '.' || c == '_' || c == '~' || c == '/';
    const bool path_char = c == '%' || c == '?' || c == '=' || c == '&' || c == '+' || c == ',' || c == ';' ||
                           c == ':' || c == '@' || c == '!' || c == '$' || c == '*' || c == '(' || c == ')';
    if (unreserved || (!as_query_value && path_char)) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

// `path` with its "lang" query parameters replaced by lang=`locale`.
std::string WithLanguage(std::string_view path, std::string_view locale) {
  const std::size_t question = path.find('?');
  std::string result(path.substr(0, question));
  std::string query;
  if (question != std::string_view::npos) {
    std::string_view rest = path.substr(question + 1);
    while (!rest.empty()) {
      const std::size_t amp = rest.find('&');
      const std::string_view param = rest.substr(0, amp);
      if (!param.empty() && param != "lang" && !param.starts_with("lang=")) {
        query += param;
        query += '&';
      }
      if (amp == std::string_view::npos) break;
      rest.remove_prefix(amp + 1);
    }
  }
  result += '?';
  result += query;
  result += "lang=";
  result += locale;
  return result;
}

bool PathIs(std::string_view path, std::string_view page) {
  const std::string_view bare = path.substr(0, path.find('?'));
  return bare == page ||
         (page != "/" && bare.starts_with(page) && bare.size() > page.size() && bare[page.size()] == '/');
}

}  // namespace

bool IsSupportedLocale(std::string_view locale) {
  return locale == "de" || locale == "en";
}

struct Renderer::Impl {
  struct Locale {
    std::string code;
    Catalog strings;                           // the locale's own catalog, before fallback
    Catalog merged;                            // with fallback to German key by key (what T() and templates see)
    mu::data globals{mu::data::type::object};  // {"t": expanded merged catalog, "lang": code}
    // The templates with this locale's translations filled in (see SubstituteTranslations).
    std::map<std::string, mu::mustache, std::less<>> templates;
  };

  std::vector<std::string> template_names;
  std::map<std::string, Locale, std::less<>> locales;
  AssetUrl asset_url;  // may be empty
  std::set<std::string> template_keys;  // every "key" of {{t.key}} in any template

  mutable std::mutex logged_mutex;
  mutable std::set<std::string, std::less<>> logged_missing;

  const Locale& LocaleFor(std::string_view code) const {
    auto found = locales.find(IsSupportedLocale(code) ? code : kDefaultLocale);
    return found->second;
  }

  static const mu::mustache& Template(const Locale& locale, std::string_view name) {
    const auto found = locale.templates.find(name);
    if (found == locale.templates.end()) {
      throw std::invalid_argument("no template named \"" + std::string(name) + "\"");
    }
    return found->second;
  }

  void LogMissingOnce(std::string_view locale, std::string_view key) const {
    std::string entry = std::string(locale) + ":" + std::string(key);
    {
      std::lock_guard lock(logged_mutex);
      if (!logged_missing.insert(entry).second) return;
    }
    spdlog::warn("translation missing: \"{}\" in locale {} (shown as the key)", key, locale);
  }

  // The layout's model for `page` without "nav" and "content" (Page adds them).
  mu::data LayoutModel(const PageContext& page) const;

  // Renders with the model on top of the locale's globals. kainjow's render() is not marked const but writes to the
  // template only when a partial or lambda fails; partials are inlined at load and models never hold lambdas, so the
  // shared template is only read here.
  static std::string Render(const mu::mustache& tmpl, const mu::data& globals, const mu::data& model,
                            std::size_t expected_size) {
    RenderContext context;
    context.push(&globals);
    context.push(&model);
    std::string out;
    out.reserve(expected_size);
    StringSink sink{out};
    const_cast<mu::mustache&>(tmpl).render(context, sink);
    return out;
  }
};

Renderer::Renderer(std::filesystem::path templates_dir, std::filesystem::path locales_dir, AssetUrl asset_url)
    : impl_(std::make_unique<Impl>()) {
  impl_->asset_url = std::move(asset_url);
  // Templates: read every *.mustache, inline partials, parse.
  std::map<std::string, std::string, std::less<>> sources;
  std::error_code error;
  fs::directory_iterator entries(templates_dir, error);
  if (error) throw std::runtime_error("cannot read the templates folder " + templates_dir.string());
  for (const auto& entry : entries) {
    if (entry.is_regular_file() && entry.path().extension() == ".mustache") {
      sources.emplace(entry.path().stem().string(), ReadFile(entry.path()));
    }
  }
  std::map<std::string, std::string, std::less<>> inlined;
  for (const auto& [name, text] : sources) {
    std::vector<std::string> stack;
    std::string full = InlinePartials(name, sources, stack);
    mu::mustache parsed(full);
    if (!parsed.is_valid()) {
      throw std::runtime_error((templates_dir / (name + ".mustache")).string() + ": " + parsed.error_message());
    }
    inlined.emplace(name, std::move(full));
    impl_->template_names.push_back(name);
    for (std::sregex_iterator it(text.begin(), text.end(), TranslationTag()), end; it != end; ++it) {
      impl_->template_keys.insert((*it)[1].str());
    }
  }

  // Locales: German is the base; English falls back to it key by key.
  const fs::path de_path = locales_dir / "de.json";
  const fs::path en_path = locales_dir / "en.json";
  Catalog de = LoadCatalogs(locales_dir, "de");
  Catalog en = LoadCatalogs(locales_dir, "en");

  // A key the templates use but German lacks is shown as the key itself, so the gap is visible, and logged once.
  Catalog de_merged = de;
  for (const auto& key : impl_->template_keys) {
    const bool is_group = std::ranges::any_of(de, [&](const auto& item) {
      return item.first.size() > key.size() && item.first.starts_with(key) && item.first[key.size()] == '.';
    });
    if (!de.contains(key) && !is_group) {
      de_merged.emplace(key, key);
      impl_->LogMissingOnce("de", key);
    }
  }
  Catalog en_merged = de_merged;
  for (const auto& [key, text] : en) en_merged.insert_or_assign(key, text);

  auto add_locale = [&](std::string code, Catalog own, Catalog merged, const fs::path& origin) {
    Impl::Locale locale;
    locale.code = code;
    locale.strings = std::move(own);
    locale.merged = std::move(merged);
    locale.globals.set("t", ExpandDottedKeys(locale.merged, origin.string()));
    locale.globals.set("lang", mu::data(code));
    // Content people and authorities wrote (titles, texts, names) is German; on a page in another language it is
    // marked as such: <h1{{#mark_de}} lang="de"{{/mark_de}}>{{title}}</h1> (#14 item 6).
    locale.globals.set("mark_de", mu::data(code != "de"));
    for (const auto& [name, text] : inlined) {
      mu::mustache parsed(SubstituteTranslations(text, locale.merged));
      if (!parsed.is_valid()) {
        throw std::runtime_error((templates_dir / (name + ".mustache")).string() + " with the texts of " + code + ": " +
                                 parsed.error_message());
      }
      locale.templates.emplace(name, std::move(parsed));
    }
    impl_->locales.emplace(std::move(code), std::move(locale));
  };
  add_locale("de", std::move(de), std::move(de_merged), de_path);
  add_locale("en", std::move(en), std::move(en_merged), en_path);
}

Renderer::~Renderer() = default;

mu::data Renderer::Impl::LayoutModel(const PageContext& page) const {
  const Locale& locale = LocaleFor(page.locale);
  const std::string path = PathIsSafe(page.current_path) ? page.current_path : std::string("/");
  const bool logged_in = !page.user_name.empty();
  const std::string other_locale = locale.code == "de" ? "en" : "de";

  mu::data layout(mu::data::type::object);
  Fill(layout, "title", page.title.empty() ? mu::data(false) : mu::data(page.title));
  Fill(layout, "csrf", mu::data(page.csrf_token));
  Fill(layout, "lang", mu::data(locale.code));
  Fill(layout, "logged_in", mu::data(logged_in));
  Fill(layout, "user_name", logged_in ? mu::data(page.user_name) : mu::data(false));
  Fill(layout, "is_platform_admin", mu::data(logged_in && page.is_platform_admin));
  Fill(layout, "in_tenant", mu::data(!page.tenant_slug.empty() && !page.tenant_name.empty()));
  Fill(layout, "tenant_slug", mu::data(page.tenant_slug));
  Fill(layout, "tenant_name", mu::data(page.tenant_name));
  Fill(layout, "current_path", mu::data(path));
  Fill(layout, "switch_lang", mu::data(other_locale));
  Fill(layout, "switch_href", mu::data(EncodeForHref(WithLanguage(path, other_locale), false)));

  const bool auth_page = PathIs(path, "/anmelden") || PathIs(path, "/registrieren") || PathIs(path, "/logout");
  // Login and registration from the header come back here (#14 item 3).
  const std::string next = path != "/" && !auth_page ? "?next=" + EncodeForHref(path, true) : "";
  Fill(layout, "login_href", mu::data("/anmelden" + next));
  Fill(layout, "register_href", mu::data("/registrieren" + next));

  Fill(layout, "current_home", mu::data(PathIs(path, "/")));
  Fill(layout, "current_login", mu::data(PathIs(path, "/anmelden")));
  Fill(layout, "current_register", mu::data(PathIs(path, "/registrieren")));
  Fill(layout, "current_tasks", mu::data(PathIs(path, "/aufgaben")));
  Fill(layout, "current_account", mu::data(PathIs(path, "/konto")));
  Fill(layout, "current_platform_admin", mu::data(PathIs(path, "/verwaltung")));

  mu::list flash;
  for (const auto& message : page.flash) {
    if (!message.empty()) flash.emplace_back(message);
  }
  Fill(layout, "has_flash", mu::data(!flash.empty()));
  Fill(layout, "flash", mu::data(flash));

  mu::list breadcrumbs;
  for (std::size_t crumb_idx = 0; crumb_idx < page.breadcrumbs.size(); ++crumb_idx) {
    mu::object crumb;
    crumb.emplace("label", mu::data(page.breadcrumbs[crumb_idx].label));
    crumb.emplace("href", mu::data(page.breadcrumbs[crumb_idx].href));
    crumb.emplace("written", mu::data(page.breadcrumbs[crumb_idx].written));
    crumb.emplace("current", mu::data(crumb_idx + 1 == page.breadcrumbs.size()));
    breadcrumbs.emplace_back(crumb);
  }
  Fill(layout, "has_breadcrumbs", mu::data(!breadcrumbs.empty()));
  Fill(layout, "breadcrumbs", mu::data(breadcrumbs));

  // Static addresses as pages reference them: content-hashed when the renderer has an AssetUrl (cacheable forever).
  auto asset = [this](std::string_view path) {
    return asset_url ? asset_url(path) : std::string(path);
  };
  // The layout's own stylesheets, by the names layout.mustache uses ({{asset.kern_css}}).
  static constexpr std::pair<std::string_view, std::string_view> kLayoutAssets[] = {
      {"fira_sans_css", "/static/vendor/kern/fonts/fira-sans.css"},
      {"kern_css", "/static/vendor/kern/kern.min.css"},
      {"site_css", "/static/css/site.css"},
  };
  mu::object layout_assets;
  for (const auto& [key, path] : kLayoutAssets) layout_assets.emplace(std::string(key), mu::data(asset(path)));
  Fill(layout, "asset", mu::data(layout_assets));
  // Only our own static files: a page's extra assets never come from the model or another origin.
  auto static_paths = [&asset](const std::vector<std::string>& paths) {
    mu::list out;
    for (const auto& path : paths) {
      if (path.starts_with("/static/") && path.find("..") == std::string::npos) out.emplace_back(asset(path));
    }
    return out;
  };
  mu::list nav_links;
  for (const auto& [label, href] : page.nav_links) {
    if (!href.starts_with("/")) continue;
    mu::object link;
    link.emplace("label", mu::data(label));
    link.emplace("href", mu::data(href));
    link.emplace("current", mu::data(PathIs(path, href)));
    nav_links.emplace_back(link);
  }
  Fill(layout, "nav_links", mu::data(nav_links));
  Fill(layout, "stylesheets", mu::data(static_paths(page.stylesheets)));
  Fill(layout, "scripts", mu::data(static_paths(page.scripts)));

  return layout;
}

std::string Renderer::Nav(const PageContext& page) const {
  const Impl::Locale& locale = impl_->LocaleFor(page.locale);
  if (!locale.templates.contains(kNavTemplate)) return {};  // a folder whose layout has no navigation
  return Impl::Render(Impl::Template(locale, kNavTemplate), locale.globals, impl_->LayoutModel(page), 4 * 1024);
}

std::string Renderer::Page(std::string_view name, const boost::json::object& model, const PageContext& page) const {
  const Impl::Locale& locale = impl_->LocaleFor(page.locale);

  mu::data content_model = ModelData(model);
  content_model.set("csrf", mu::data(page.csrf_token));
  content_model.set("lang", mu::data(locale.code));
  const std::string content = Impl::Render(Impl::Template(locale, name), locale.globals, content_model, 8 * 1024);

  // The header's navigation is rendered on its own (Nav renders the same for a cached page's visitor, see
  // site/page_cache.hpp) and placed into the layout as it is.
  mu::data layout = impl_->LayoutModel(page);
  const std::string nav = locale.templates.contains(kNavTemplate)
                              ? Impl::Render(Impl::Template(locale, kNavTemplate), locale.globals, layout, 4 * 1024)
                              : std::string();
  Fill(layout, "nav", mu::data(nav));
  Fill(layout, "content", mu::data(content));
  return Impl::Render(Impl::Template(locale, kLayoutTemplate), locale.globals, layout,
                      content.size() + nav.size() + 8 * 1024);
}

std::string Renderer::Fragment(std::string_view name, const boost::json::object& model, std::string_view locale) const {
  const Impl::Locale& catalog = impl_->LocaleFor(locale);
  mu::data data = ModelData(model);
  data.set("lang", mu::data(catalog.code));
  return Impl::Render(Impl::Template(catalog, name), catalog.globals, data, 4 * 1024);
}

std::string Renderer::T(std::string_view locale, std::string_view key,
                        const std::map<std::string, std::string>& args) const {
  const Impl::Locale& catalog = impl_->LocaleFor(locale);
  std::string_view text = key;
  if (const auto found = catalog.merged.find(key); found != catalog.merged.end()) {
    text = found->second;
  } else {
    impl_->LogMissingOnce(catalog.code, key);
  }
  if (args.empty() || text.find('{') == std::string_view::npos) return std::string(text);

  // {name} → args["name"]; an unknown or malformed placeholder stays as written.
  std::string result;
  result.reserve(text.size() + 32);
  std::size_t pos = 0;
  while (pos < text.size()) {
    const std::size_t open = text.find('{', pos);
    if (open == std::string_view::npos) break;
    const std::size_t close = text.find('}', open + 1);
    if (close == std::string_view::npos) break;
    result.append(text.substr(pos, open - pos));
    const std::string name(text.substr(open + 1, close - open - 1));
    if (const auto arg = args.find(name); arg != args.end()) {
      result += arg->second;
      pos = close + 1;
    } else {
      result += '{';
      pos = open + 1;
    }
  }
  result.append(text.substr(pos));
  return result;
}

std::vector<std::string> Renderer::TemplateNames() const {
  return impl_->template_names;  // sorted: read from a sorted map
}

std::vector<std::string> Renderer::MissingKeys(std::string_view locale) const {
  const Impl::Locale& catalog = impl_->LocaleFor(locale);
  std::vector<std::string> missing;
  for (const auto& key : impl_->template_keys) {
    if (!catalog.strings.contains(key)) missing.push_back(key);
  }
  return missing;
}

}  // namespace mw::web

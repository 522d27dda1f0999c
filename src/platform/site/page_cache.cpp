// The page cache: key → entry holding an immutable snapshot (the page and the generations it was rendered under)
// behind an atomic shared_ptr, so that readers copy it without a lock; a per-entry mutex lets one request render
// while the others for the same key wait. Generations: scope → number, plus an epoch that changes with every
// adoption, so that a check after no change at all costs one atomic load.
#include "platform/site/page_cache.hpp"

#include <algorithm>
#include <atomic>
#include <map>

#include <spdlog/spdlog.h>

#include "platform/core/crypto.hpp"
#include "platform/site/context.hpp"

namespace mw::site {

std::string TenantScope(std::int64_t tenant_id) {
  return "tenant:" + std::to_string(tenant_id);
}

namespace {

// Moves a rendered page's body into a SharedBody with a hole wherever the placeholder is. An empty body stays as it
// is, so that a bare error status still gets the error page (http::Handler).
void ShareBody(SharedPage& page) {
  if (page.response.shared_body || page.response.body.empty()) return;
  page.response.shared_body = http::SharedBody::Make(std::move(page.response.body), page.csrf_placeholder);
  page.response.body.clear();
}

struct Snapshot {
  std::shared_ptr<const SharedPage> page;
  std::vector<std::pair<std::string, std::int64_t>> generations;  // of its scopes, before the render
  std::uint64_t epoch = 0;                                        // the cache's epoch before the render
  db::UnixSeconds rendered_at = 0;
  db::UnixSeconds expires_at = 0;
  std::size_t bytes = 0;
};

struct Entry {
  std::mutex render_mutex;  // held by the one request rendering this key
  std::atomic<std::shared_ptr<const Snapshot>> snapshot;
  std::atomic<std::int64_t> last_used{0};  // a counter of uses, for the least-recently-used half
  bool in_table = true;                    // guarded by the table's mutex: false once evicted
};

}  // namespace

struct PageCache::Impl {
  PageCacheLimits limits;

  mutable std::shared_mutex generations_mutex;
  std::unordered_map<std::string, std::int64_t> generations;  // guarded by generations_mutex
  std::atomic<std::uint64_t> epoch{0};                        // changed (under the unique lock) by every adoption
  std::atomic<std::int64_t> polled_up_to{0};

  mutable std::shared_mutex table_mutex;
  std::unordered_map<std::string, std::shared_ptr<Entry>> table;  // guarded by table_mutex
  std::size_t bytes = 0;                                          // guarded by table_mutex
  std::atomic<std::int64_t> uses{0};
  std::atomic<std::int64_t> renders{0};

  std::int64_t GenerationOf(const std::string& scope) const {
    std::shared_lock lock(generations_mutex);
    auto found = generations.find(scope);
    return found == generations.end() ? 0 : found->second;
  }

  bool IsCurrent(const Snapshot& snapshot, db::UnixSeconds now) const {
    // A clock that went back counts as outdated, so that no page outlives its max age by a clock change.
    if (now < snapshot.rendered_at || now >= snapshot.expires_at) return false;
    if (snapshot.epoch == epoch.load(std::memory_order_acquire)) return true;
    std::shared_lock lock(generations_mutex);
    for (const auto& [scope, generation] : snapshot.generations) {
      auto found = generations.find(scope);
      if ((found == generations.end() ? 0 : found->second) != generation) return false;
    }
    return true;
  }

  std::shared_ptr<Entry> Find(const std::string& key) const {
    std::shared_lock lock(table_mutex);
    auto found = table.find(key);
    return found == table.end() ? nullptr : found->second;
  }

  std::shared_ptr<Entry> FindOrAdd(const std::string& key) {
    if (auto entry = Find(key)) return entry;
    std::unique_lock lock(table_mutex);
    auto& entry = table[key];
    if (!entry) entry = std::make_shared<Entry>();
    return entry;
  }

  // Puts `snapshot` into `entry` and makes room if the table is over its limits.
  void Store(Entry& entry, std::shared_ptr<const Snapshot> snapshot, db::UnixSeconds now) {
    std::unique_lock lock(table_mutex);
    auto old = entry.snapshot.exchange(snapshot, std::memory_order_acq_rel);
    if (!entry.in_table) return;
    if (old) bytes -= old->bytes;
    if (snapshot) bytes += snapshot->bytes;
    if (table.size() > limits.max_entries || bytes > limits.max_bytes) EvictLocked(now);
  }

  void EraseLocked(std::unordered_map<std::string, std::shared_ptr<Entry>>::iterator item) {
    if (auto snapshot = item->second->snapshot.load()) bytes -= snapshot->bytes;
    item->second->in_table = false;
    table.erase(item);
  }

  // Drops the pages no longer current, then, if still over three quarters of a limit, the least recently used half.
  void EvictLocked(db::UnixSeconds now) {
    for (auto item = table.begin(); item != table.end();) {
      auto snapshot = item->second->snapshot.load();
      auto next = std::next(item);
      // An entry without a page is a render in progress or one that gave nothing; a render in progress stores into
      // an evicted entry harmlessly (not counted, not found).
      if (!snapshot || !IsCurrent(*snapshot, now)) EraseLocked(item);
      item = next;
    }
    if (table.size() <= limits.max_entries * 3 / 4 && bytes <= limits.max_bytes * 3 / 4) return;
    std::vector<std::int64_t> used;
    used.reserve(table.size());
    for (const auto& [key, entry] : table) used.push_back(entry->last_used.load());
    auto middle = used.begin() + static_cast<std::ptrdiff_t>(used.size() / 2);
    std::nth_element(used.begin(), middle, used.end());
    const std::int64_t cut = *middle;
    for (auto item = table.begin(); item != table.end();) {
      auto next = std::next(item);
      if (item->second->last_used.load() <= cut) EraseLocked(item);
      item = next;
    }
  }
};

PageCache::PageCache(PageCacheLimits limits) : impl_(std::make_unique<Impl>()) {
  impl_->limits = limits;
}
PageCache::~PageCache() = default;

std::shared_ptr<const SharedPage> PageCache::Get(const std::string& key, const std::vector<std::string>& scopes,
                                                 db::UnixSeconds now, db::UnixSeconds max_age,
                                                 const std::function<std::optional<SharedPage>()>& render) {
  Impl& impl = *impl_;
  auto entry = impl.FindOrAdd(key);
  entry->last_used.store(impl.uses.fetch_add(1) + 1, std::memory_order_relaxed);
  if (auto snapshot = entry->snapshot.load(std::memory_order_acquire); snapshot && impl.IsCurrent(*snapshot, now)) {
    return snapshot->page;
  }
  std::lock_guard render_lock(entry->render_mutex);
  // Another request may have rendered it while this one waited.
  if (auto snapshot = entry->snapshot.load(std::memory_order_acquire); snapshot && impl.IsCurrent(*snapshot, now)) {
    return snapshot->page;
  }
  auto fresh = std::make_shared<Snapshot>();
  // The epoch first, then the generations: an adoption between them leaves an older epoch, and the check then
  // compares the generations themselves.
  fresh->epoch = impl.epoch.load(std::memory_order_acquire);
  fresh->generations.emplace_back(std::string(kAllScope), impl.GenerationOf(std::string(kAllScope)));
  for (const auto& scope : scopes) fresh->generations.emplace_back(scope, impl.GenerationOf(scope));
  fresh->rendered_at = now;
  fresh->expires_at = now + max_age;
  impl.renders.fetch_add(1, std::memory_order_relaxed);
  auto page = render();
  if (!page) {
    impl.Store(*entry, nullptr, now);
    return nullptr;
  }
  ShareBody(*page);
  const std::size_t body_bytes = page->response.shared_body ? page->response.shared_body->text.size() : 0;
  fresh->bytes = key.size() + body_bytes + page->csrf_placeholder.size() + 256;
  fresh->page = std::make_shared<const SharedPage>(std::move(*page));
  auto result = fresh->page;
  impl.Store(*entry, std::move(fresh), now);
  return result;
}

std::shared_ptr<const SharedPage> PageCache::Peek(const std::string& key, db::UnixSeconds now) {
  auto entry = impl_->Find(key);
  if (!entry) return nullptr;
  auto snapshot = entry->snapshot.load(std::memory_order_acquire);
  if (!snapshot || !impl_->IsCurrent(*snapshot, now)) return nullptr;
  entry->last_used.store(impl_->uses.fetch_add(1) + 1, std::memory_order_relaxed);
  return snapshot->page;
}

void PageCache::Adopt(std::string_view scope, std::int64_t generation) {
  std::unique_lock lock(impl_->generations_mutex);
  auto& known = impl_->generations[std::string(scope)];
  if (generation <= known) return;
  known = generation;
  impl_->epoch.fetch_add(1, std::memory_order_acq_rel);
}

std::int64_t PageCache::polled_up_to() const {
  return impl_->polled_up_to.load();
}
void PageCache::set_polled_up_to(std::int64_t generation) {
  impl_->polled_up_to.store(generation);
}

std::size_t PageCache::entries() const {
  std::shared_lock lock(impl_->table_mutex);
  return impl_->table.size();
}
std::size_t PageCache::bytes() const {
  std::shared_lock lock(impl_->table_mutex);
  return impl_->bytes;
}
std::int64_t PageCache::renders() const {
  return impl_->renders.load();
}

namespace {

// Databases whose caches are kept at once: a server has one; a test process opens many, one after the other.
constexpr std::size_t kMaxDatabases = 8;

std::shared_ptr<PageCache> SharedCacheOf(const db::Database& db) {
  // Each thread remembers the last lookup, so that the hot path takes no process-wide lock.
  thread_local std::uint64_t last_id = 0;
  thread_local std::shared_ptr<PageCache> last;
  if (last && last_id == db.instance_id()) return last;
  static std::mutex mutex;
  static std::map<std::uint64_t, std::shared_ptr<PageCache>> by_database;  // by instance id, oldest first
  std::lock_guard lock(mutex);
  auto& cache = by_database[db.instance_id()];
  if (!cache) cache = std::make_shared<PageCache>();
  last_id = db.instance_id();
  last = cache;
  while (by_database.size() > kMaxDatabases) by_database.erase(by_database.begin());
  return last;
}

bool IsPlainToken(std::string_view token) {
  if (token.empty()) return false;
  return std::ranges::all_of(token, [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
  });
}

bool Shareable(const Visitor& visitor, const http::Request& request) {
  return !visitor.logged_in() && !visitor.flash_key && IsPlainToken(visitor.csrf) &&
         (request.method == http::Method::kGet || request.method == http::Method::kHead);
}

std::string KeyOf(const Visitor& visitor, const http::Request& request) {
  return visitor.locale + "|" + request.target;
}

// The visitor's response shares the kept body. A page with a form gets the visitor's token masked afresh in its
// holes (BREACH) and the visitor's cookies; a page without one needs no token: it is sent as kept, and a visitor
// without CSRF cookie is not given one (the first page with a form does that).
http::Response ForVisitor(const SharedPage& page, const Visitor& visitor) {
  if (!page.response.shared_body || page.response.shared_body->holes.empty()) {
    http::Response response = page.response;
    for (const auto& cookie : visitor.cookies) {
      if (cookie.name != kCsrfCookie) response.cookies.push_back(cookie);
    }
    return response;
  }
  http::Response response = WithVisitorToken(page, CsrfForPage(visitor));
  response.cookies = visitor.cookies;
  return response;
}

// A logged-in visitor with nothing else personal on the page (no notice) and a token that needs no escaping.
bool NavSpliceable(const Visitor& visitor, const http::Request& request) {
  return visitor.logged_in() && !visitor.flash_key && IsPlainToken(visitor.csrf) &&
         (request.method == http::Method::kGet || request.method == http::Method::kHead);
}

// The kept page for a logged-in visitor: the anonymous navigation replaced by theirs, their token in the holes,
// their cookies; personal, so never stored by a shared cache. nullopt when the page has no navigation to replace.
std::optional<http::Response> WithOwnNav(Services& services, const SharedPage& page, const Visitor& visitor,
                                         const http::Request& request) {
  if (!page.nav || !page.response.shared_body) return std::nullopt;
  const auto& body = *page.response.shared_body;
  auto text = body.TextWith(CsrfForPage(visitor), page.nav->first, page.nav->second,
                            RenderNav(services, visitor, request));
  if (!text) return std::nullopt;
  http::Response response;
  response.status = page.response.status;
  response.headers = page.response.headers;
  response.body = std::move(*text);
  response.SetHeader("Cache-Control", "private, no-store");
  response.cookies = visitor.cookies;
  return response;
}

}  // namespace

PageCache& PageCacheOf(const db::Database& db) {
  return *SharedCacheOf(db);
}

void TouchPages(db::Tx& outer, const std::vector<std::string>& scopes) {
  if (scopes.empty()) return;
  // Last in the transaction: the clock row's lock is then held only for the commit, and no other lock is taken after
  // it (which could deadlock with a write that holds that lock and waits for the clock).
  outer.BeforeCommit([scopes](db::Tx& tx) {
    const std::int64_t generation =
        tx.QueryOne("UPDATE page_generation_clock SET generation = generation + 1 WHERE id = 1 RETURNING generation",
                    {})
            ->Int(0);
    for (const auto& scope : scopes) {
      tx.Exec(
          "INSERT INTO page_generation (scope, generation) VALUES (?, ?) "
          "ON CONFLICT (scope) DO UPDATE SET generation = excluded.generation",
          {scope, generation});
    }
    tx.AfterCommit([scopes, generation](db::Database& db) {
      PageCache& cache = PageCacheOf(db);
      for (const auto& scope : scopes) cache.Adopt(scope, generation);
    });
  });
}

int PollPageGenerations(db::Database& db) {
  auto cache = SharedCacheOf(db);
  const std::int64_t since = cache->polled_up_to();
  auto rows = db.Read([&](db::Tx& tx) {
    return tx.Query("SELECT scope, generation FROM page_generation WHERE generation > ? ORDER BY generation", {since});
  });
  std::int64_t highest = since;
  for (const auto& row : rows) {
    cache->Adopt(row.Text(0), row.Int(1));
    highest = std::max(highest, row.Int(1));
  }
  cache->set_polled_up_to(highest);
  return static_cast<int>(rows.size());
}

PageGenerationWatch::PageGenerationWatch(db::Database& db, std::chrono::milliseconds interval)
    : db_(db), interval_(interval) {
  thread_ = std::thread([this] {
    std::unique_lock lock(mutex_);
    while (!stop_) {
      lock.unlock();
      try {
        PollPageGenerations(db_);
      } catch (const std::exception& e) {
        // The database is away for a moment; pages stay as they are and the next poll tries again.
        spdlog::warn("page cache: polling the generations failed: {}", e.what());
      }
      lock.lock();
      wake_.wait_for(lock, interval_, [this] { return stop_; });
    }
  });
}

PageGenerationWatch::~PageGenerationWatch() {
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

std::optional<http::Response> ServeSharedPage(Services& services, const Visitor& visitor, const http::Request& request,
                                              const std::vector<std::string>& scopes,
                                              const std::function<http::Response(Visitor& anonymous)>& render,
                                              SharedWith with, db::UnixSeconds max_age) {
  if (!services.config.page_cache) return std::nullopt;
  const bool with_own_nav = with == SharedWith::kEveryone && NavSpliceable(visitor, request);
  if (!with_own_nav && !Shareable(visitor, request)) return std::nullopt;
  // A response that is not kept (an error page) is still rendered once and given to this visitor.
  std::optional<SharedPage> not_kept;
  auto page = PageCacheOf(services.db)
                  .Get(KeyOf(visitor, request), scopes, services.now(), max_age, [&]() -> std::optional<SharedPage> {
                    Visitor anonymous;
                    anonymous.locale = visitor.locale;
                    anonymous.csrf = RandomToken();
                    anonymous.csrf_verbatim = true;  // the placeholder, replaced by each visitor's masked token
                    SharedPage rendered{.csrf_placeholder = anonymous.csrf, .response = render(anonymous)};
                    rendered.response.cookies.clear();
                    if (with == SharedWith::kEveryone) {
                      // The anonymous navigation's place; not found (a page without the layout) keeps none.
                      const std::string nav = RenderNav(services, anonymous, request);
                      const std::size_t at = rendered.response.body.find(nav);
                      if (!nav.empty() && at != std::string::npos) rendered.nav.emplace(at, nav.size());
                    }
                    if (rendered.response.status != 200 || rendered.response.file) {
                      not_kept = std::move(rendered);
                      return std::nullopt;
                    }
                    return rendered;
                  });
  if (with_own_nav) {
    // An error page (not kept) is rendered for the visitor by the caller, with their header.
    if (!page) return std::nullopt;
    return WithOwnNav(services, *page, visitor, request);
  }
  if (page) return ForVisitor(*page, visitor);
  if (not_kept) {
    ShareBody(*not_kept);
    return ForVisitor(*not_kept, visitor);
  }
  return std::nullopt;
}

std::optional<http::Response> PeekSharedPage(Services& services, const Visitor& visitor, const http::Request& request) {
  if (!services.config.page_cache || !Shareable(visitor, request)) return std::nullopt;
  auto page = PageCacheOf(services.db).Peek(KeyOf(visitor, request), services.now());
  if (!page) return std::nullopt;
  return ForVisitor(*page, visitor);
}

http::FastHandler SharedPageFast(Services& services) {
  return [&services](const http::Request& request) -> std::optional<http::Response> {
    if (request.Cookie(kSessionCookie)) return std::nullopt;
    return PeekSharedPage(services, ResolveVisitor(services, request), request);
  };
}

namespace {

std::string ResourceKey(const http::Request& request) {
  return "*|" + request.target;
}

}  // namespace

http::Response ServeSharedResource(Services& services, const http::Request& request,
                                   const std::vector<std::string>& scopes, const std::function<http::Response()>& render,
                                   db::UnixSeconds max_age) {
  if (!services.config.page_cache) return render();
  std::optional<http::Response> not_kept;
  auto page = PageCacheOf(services.db)
                  .Get(ResourceKey(request), scopes, services.now(), max_age, [&]() -> std::optional<SharedPage> {
                    http::Response response = render();
                    response.cookies.clear();
                    if (response.status != 200 || response.file) {
                      not_kept = std::move(response);
                      return std::nullopt;
                    }
                    return SharedPage{.response = std::move(response)};
                  });
  if (page) return page->response;
  if (not_kept) return std::move(*not_kept);
  // Another request's render of the same target was not kept: render for this one.
  http::Response response = render();
  response.cookies.clear();
  return response;
}

http::FastHandler SharedResourceFast(Services& services) {
  return [&services](const http::Request& request) -> std::optional<http::Response> {
    if (!services.config.page_cache) return std::nullopt;
    if (request.method != http::Method::kGet && request.method != http::Method::kHead) return std::nullopt;
    auto page = PageCacheOf(services.db).Peek(ResourceKey(request), services.now());
    if (!page) return std::nullopt;
    return page->response;
  };
}

http::Response WithVisitorToken(const SharedPage& page, std::string_view csrf) {
  http::Response response = page.response;
  if (!response.shared_body && !response.body.empty()) {
    response.shared_body = http::SharedBody::Make(std::move(response.body), page.csrf_placeholder);
    response.body.clear();
  }
  if (response.shared_body && !response.shared_body->holes.empty()) response.fill = std::string(csrf);
  return response;
}

}  // namespace mw::site

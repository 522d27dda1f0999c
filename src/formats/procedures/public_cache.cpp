// The public page cache: key → immutable snapshot behind an atomic shared_ptr; readers copy it without a lock, the
// one reader that finds it stale renders a new one while the others keep serving the old.
#include "formats/procedures/public_cache.hpp"

#include <atomic>
#include <map>
#include <mutex>
#include <shared_mutex>
#include <unordered_map>

namespace mw::procedures {
namespace {

struct Snapshot {
  db::UnixSeconds rendered_at = 0;
  std::shared_ptr<const PublicPage> page;
};

struct Entry {
  std::atomic<std::shared_ptr<const Snapshot>> snapshot;
  std::atomic<bool> rendering{false};
};

bool IsFresh(const Snapshot& snapshot, db::UnixSeconds now) {
  // A clock that went back counts as stale, so that no page outlives its freshness by a clock change.
  return now >= snapshot.rendered_at && now - snapshot.rendered_at < kProcedurePageFreshness;
}

class PageTable {
 public:
  std::shared_ptr<Entry> Find(const std::string& key) {
    std::shared_lock lock(mutex_);
    auto found = entries_.find(key);
    return found == entries_.end() ? nullptr : found->second;
  }

  std::uint64_t generation() {
    std::shared_lock lock(mutex_);
    return generation_;
  }

  // Inserts `entry` unless the table was cleared since `generation` (a render that began before a Forget must not
  // put its possibly older page back).
  void Insert(const std::string& key, std::shared_ptr<Entry> entry, std::uint64_t generation, db::UnixSeconds now) {
    std::unique_lock lock(mutex_);
    if (generation != generation_) return;
    if (entries_.size() >= kMaxPublicPages) {
      std::erase_if(entries_, [&](const auto& item) { return !IsFresh(*item.second->snapshot.load(), now); });
      if (entries_.size() >= kMaxPublicPages) entries_.clear();
    }
    entries_.try_emplace(key, std::move(entry));
  }

  void Clear() {
    std::unique_lock lock(mutex_);
    entries_.clear();
    ++generation_;
  }

 private:
  std::shared_mutex mutex_;
  std::unordered_map<std::string, std::shared_ptr<Entry>> entries_;
  std::uint64_t generation_ = 0;
};

// Databases whose pages are kept at once: a server has one; a test process opens many, one after the other.
constexpr std::size_t kMaxDatabases = 8;

PageTable& TableOf(const db::Database& db) {
  thread_local std::uint64_t last_id = 0;
  thread_local std::shared_ptr<PageTable> last;
  if (last && last_id == db.instance_id()) return *last;
  static std::mutex mutex;
  static std::map<std::uint64_t, std::shared_ptr<PageTable>> by_database;  // by instance id, oldest first
  std::lock_guard lock(mutex);
  auto& table = by_database[db.instance_id()];
  if (!table) table = std::make_shared<PageTable>();
  last_id = db.instance_id();
  last = table;
  while (by_database.size() > kMaxDatabases) by_database.erase(by_database.begin());
  return *last;
}

std::shared_ptr<const Snapshot> Render(db::UnixSeconds now,
                                       const std::function<std::optional<PublicPage>()>& render) {
  auto page = render();
  if (!page) return nullptr;
  return std::make_shared<const Snapshot>(Snapshot{now, std::make_shared<const PublicPage>(std::move(*page))});
}

}  // namespace

std::shared_ptr<const PublicPage> CachedPublicPage(db::Database& db, const std::string& key, db::UnixSeconds now,
                                                   const std::function<std::optional<PublicPage>()>& render) {
  PageTable& table = TableOf(db);
  auto entry = table.Find(key);
  if (!entry) {
    const std::uint64_t generation = table.generation();
    auto snapshot = Render(now, render);
    if (!snapshot) return nullptr;
    auto created = std::make_shared<Entry>();
    created->snapshot.store(snapshot, std::memory_order_release);
    table.Insert(key, std::move(created), generation, now);
    return snapshot->page;
  }
  auto snapshot = entry->snapshot.load(std::memory_order_acquire);
  if (IsFresh(*snapshot, now)) return snapshot->page;
  if (entry->rendering.exchange(true, std::memory_order_acq_rel)) return snapshot->page;
  try {
    auto fresh = Render(now, render);
    if (fresh) {
      entry->snapshot.store(fresh, std::memory_order_release);
    } else {
      // The procedure is gone or no longer public: forget everything, the next request renders (and 404s).
      table.Clear();
    }
    entry->rendering.store(false, std::memory_order_release);
    return fresh ? fresh->page : nullptr;
  } catch (...) {
    entry->rendering.store(false, std::memory_order_release);
    throw;
  }
}

std::shared_ptr<const PublicPage> PeekPublicPage(db::Database& db, const std::string& key, db::UnixSeconds now) {
  auto entry = TableOf(db).Find(key);
  if (!entry) return nullptr;
  auto snapshot = entry->snapshot.load(std::memory_order_acquire);
  return IsFresh(*snapshot, now) ? snapshot->page : nullptr;
}

http::Response WithVisitorToken(const PublicPage& page, std::string_view csrf) {
  http::Response response;
  response.status = page.response.status;
  response.headers = page.response.headers;
  const std::string& body = page.response.body;
  response.body.reserve(body.size() + 2 * csrf.size());
  std::size_t from = 0;
  for (std::size_t found; (found = body.find(page.csrf_placeholder, from)) != std::string::npos;
       from = found + page.csrf_placeholder.size()) {
    response.body.append(body, from, found - from);
    response.body.append(csrf);
  }
  response.body.append(body, from, std::string::npos);
  return response;
}

void ForgetPublicPages(db::Database& db) { TableOf(db).Clear(); }

}  // namespace mw::procedures

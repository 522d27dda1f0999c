// The petitions' read cache: one table per kind of entry (tenants by slug, public petitions by id, settings by
// tenant), per Database object. An entry holds an immutable snapshot behind an atomic shared_ptr: readers copy
// from it without a lock, the one reader that finds it stale swaps in a new one.
#include "formats/petitions/cache.hpp"

#include <algorithm>
#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <unordered_map>
#include <vector>

namespace mw::petitions {
namespace {

// A key → snapshot table with stale-while-reloading entries; see cache.hpp for the contract.
template <typename Key, typename Value, typename Hash = std::hash<Key>>
class FreshTable {
 public:
  // `keep_missing`: whether a key the database does not have is remembered as missing too (else every request for
  // it reads the database).
  FreshTable(db::UnixSeconds freshness, bool keep_missing) : freshness_(freshness), keep_missing_(keep_missing) {}
  FreshTable(const FreshTable&) = delete;
  FreshTable& operator=(const FreshTable&) = delete;

  // The kept value of `key`, or what `load` (a database read: () -> std::optional<Value>) returns when there is
  // none or it is stale at `now` and no other thread is reloading it. An exception of `load` passes through; the
  // entry then stays as it was and the next request tries again.
  template <typename Load>
  std::optional<Value> Get(const Key& key, db::UnixSeconds now, Load&& load) {
    std::shared_ptr<Entry> entry;
    {
      std::shared_lock lock(mutex_);
      if (auto found = entries_.find(key); found != entries_.end()) entry = found->second;
    }
    if (!entry) return LoadMissing(key, now, load);
    auto snapshot = entry->snapshot.load(std::memory_order_acquire);
    if (IsFresh(*snapshot, now)) return snapshot->value;
    // Stale: one request reloads, the others keep serving the previous snapshot meanwhile.
    if (entry->reloading.exchange(true, std::memory_order_acq_rel)) return snapshot->value;
    try {
      auto fresh = MakeSnapshot(now, load());
      entry->snapshot.store(fresh, std::memory_order_release);
      entry->reloading.store(false, std::memory_order_release);
      return fresh->value;
    } catch (...) {
      entry->reloading.store(false, std::memory_order_release);
      throw;
    }
  }

  // The kept value of `key` if it is fresh at `now`; nullopt otherwise. Never loads and never waits for a reload:
  // takes the table's lock only shared, and only for the lookup (a reload runs outside the lock).
  std::optional<Value> Peek(const Key& key, db::UnixSeconds now) {
    std::shared_ptr<Entry> entry;
    {
      std::shared_lock lock(mutex_);
      if (auto found = entries_.find(key); found != entries_.end()) entry = found->second;
    }
    if (!entry) return std::nullopt;
    auto snapshot = entry->snapshot.load(std::memory_order_acquire);
    if (!IsFresh(*snapshot, now)) return std::nullopt;
    return snapshot->value;
  }

  void Forget(const Key& key) {
    std::unique_lock lock(mutex_);
    entries_.erase(key);
    // A load that started before this must not put its (possibly older) result back.
    ++generation_;
  }

  void ForgetAll() {
    std::unique_lock lock(mutex_);
    entries_.clear();
    ++generation_;
  }

  // Drops every entry whose key satisfies `matches`.
  template <typename Predicate>
  void ForgetIf(Predicate&& matches) {
    std::unique_lock lock(mutex_);
    std::erase_if(entries_, [&](const auto& item) { return matches(item.first); });
    ++generation_;
  }

 private:
  struct Snapshot {
    db::UnixSeconds loaded_at;  // the `now` of the request that read it, taken before the read
    std::optional<Value> value;
  };
  struct Entry {
    std::atomic<std::shared_ptr<const Snapshot>> snapshot;
    std::atomic<bool> reloading{false};
  };

  static std::shared_ptr<const Snapshot> MakeSnapshot(db::UnixSeconds loaded_at, std::optional<Value> value) {
    return std::make_shared<const Snapshot>(Snapshot{loaded_at, std::move(value)});
  }

  // A clock that went back counts as stale, so that no entry outlives its freshness by a clock change.
  bool IsFresh(const Snapshot& snapshot, db::UnixSeconds now) const {
    return now >= snapshot.loaded_at && now - snapshot.loaded_at < freshness_;
  }

  template <typename Load>
  std::optional<Value> LoadMissing(const Key& key, db::UnixSeconds now, Load& load) {
    std::uint64_t generation = 0;
    {
      std::shared_lock lock(mutex_);
      generation = generation_;
    }
    auto snapshot = MakeSnapshot(now, load());
    if (!snapshot->value && !keep_missing_) return std::nullopt;
    auto entry = std::make_shared<Entry>();
    entry->snapshot.store(snapshot, std::memory_order_release);
    {
      std::unique_lock lock(mutex_);
      if (generation == generation_) {
        if (entries_.size() >= kMaxCachedEntries) EvictLocked(now);
        // If another request loaded the same key meanwhile, its entry stays; both read the database.
        entries_.try_emplace(key, std::move(entry));
      }
    }
    return snapshot->value;
  }

  // Makes room: drops every stale entry, and if that is not enough, the oldest half.
  void EvictLocked(db::UnixSeconds now) {
    std::erase_if(entries_, [&](const auto& item) { return !IsFresh(*item.second->snapshot.load(), now); });
    if (entries_.size() < kMaxCachedEntries * 3 / 4) return;
    std::vector<db::UnixSeconds> ages;
    ages.reserve(entries_.size());
    for (const auto& [key, entry] : entries_) ages.push_back(entry->snapshot.load()->loaded_at);
    auto middle = ages.begin() + static_cast<std::ptrdiff_t>(ages.size() / 2);
    std::nth_element(ages.begin(), middle, ages.end());
    const auto cut = *middle;
    std::erase_if(entries_, [&](const auto& item) { return item.second->snapshot.load()->loaded_at <= cut; });
  }

  const db::UnixSeconds freshness_;
  const bool keep_missing_;
  std::shared_mutex mutex_;
  std::unordered_map<Key, std::shared_ptr<Entry>, Hash> entries_;
  std::uint64_t generation_ = 0;  // guarded by mutex_
};

// A rendered anonymous page: per petition and locale.
struct PageKey {
  std::int64_t petition_id;
  std::string locale;
  bool operator==(const PageKey&) const = default;
};
struct PageKeyHash {
  std::size_t operator()(const PageKey& key) const {
    return std::hash<std::int64_t>()(key.petition_id) * 31 + std::hash<std::string>()(key.locale);
  }
};

struct Caches {
  FreshTable<std::string, tenancy::Tenant> tenants{kTenantFreshness, /*keep_missing=*/true};
  // A petition not public yet is not remembered, so that it shows as soon as it is published.
  FreshTable<std::int64_t, Petition> petitions{kPetitionFreshness, /*keep_missing=*/false};
  FreshTable<std::int64_t, Settings> settings{kSettingsFreshness, /*keep_missing=*/true};
  FreshTable<PageKey, std::shared_ptr<const AnonymousPage>, PageKeyHash> pages{kPetitionFreshness,
                                                                               /*keep_missing=*/false};
};

// Databases whose caches are kept at once. A server has one; a test process opens many, one after the other.
constexpr std::size_t kMaxDatabases = 8;

Caches& CachesOf(const db::Database& db) {
  // Each thread remembers the last lookup, so the hot path takes no process-wide lock. The shared_ptr keeps the
  // caches alive for this thread even after the registry dropped them.
  thread_local std::uint64_t last_id = 0;
  thread_local std::shared_ptr<Caches> last;
  if (last && last_id == db.instance_id()) return *last;

  static std::mutex mutex;
  static std::map<std::uint64_t, std::shared_ptr<Caches>> by_database;  // by Database::instance_id, oldest first
  std::lock_guard lock(mutex);
  auto& caches = by_database[db.instance_id()];
  if (!caches) caches = std::make_shared<Caches>();
  last_id = db.instance_id();
  last = caches;
  while (by_database.size() > kMaxDatabases) by_database.erase(by_database.begin());
  return *last;
}

}  // namespace

std::optional<tenancy::Tenant> CachedTenant(site::Services& services, std::string_view slug) {
  return CachesOf(services.db).tenants.Get(std::string(slug), services.now(), [&] {
    return services.db.Read([&](db::Tx& tx) { return tenancy::FindBySlug(tx, std::string(slug)); });
  });
}

std::optional<Petition> CachedPetition(site::Services& services, std::int64_t id) {
  return CachesOf(services.db).petitions.Get(id, services.now(), [&]() -> std::optional<Petition> {
    auto petition = services.db.Read([&](db::Tx& tx) { return Find(tx, id); });
    if (!petition || !IsPublic(petition->state)) return std::nullopt;
    return petition;
  });
}

Settings CachedSettings(site::Services& services, std::int64_t tenant_id) {
  auto settings = CachesOf(services.db).settings.Get(tenant_id, services.now(), [&] {
    return std::optional<Settings>(services.db.Read([&](db::Tx& tx) { return LoadSettings(tx, tenant_id); }));
  });
  return settings.value_or(Settings{});
}

std::shared_ptr<const AnonymousPage> CachedAnonymousPage(site::Services& services, std::int64_t petition_id,
                                                         std::string_view locale,
                                                         const std::function<AnonymousPage()>& render) {
  auto page = CachesOf(services.db).pages.Get(PageKey{petition_id, std::string(locale)}, services.now(), [&] {
    return std::optional(std::make_shared<const AnonymousPage>(render()));
  });
  return page.value_or(nullptr);
}

std::shared_ptr<const AnonymousPage> PeekAnonymousPage(site::Services& services, std::int64_t petition_id,
                                                       std::string_view locale) {
  auto page = CachesOf(services.db).pages.Peek(PageKey{petition_id, std::string(locale)}, services.now());
  return page.value_or(nullptr);
}

http::Response WithVisitorToken(const AnonymousPage& page, std::string_view csrf) {
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

void Forget(site::Services& services, std::int64_t petition_id) {
  auto& caches = CachesOf(services.db);
  caches.petitions.Forget(petition_id);
  caches.pages.ForgetIf([&](const PageKey& key) { return key.petition_id == petition_id; });
}

void ForgetSettings(site::Services& services, std::int64_t tenant_id) {
  auto& caches = CachesOf(services.db);
  caches.settings.Forget(tenant_id);
  // The settings change what the page shows (e.g. the address fields); pages are cheap to render again.
  caches.pages.ForgetAll();
}

void ForgetPetitions(db::Database& db) {
  auto& caches = CachesOf(db);
  caches.petitions.ForgetAll();
  caches.pages.ForgetAll();
}

}  // namespace mw::petitions

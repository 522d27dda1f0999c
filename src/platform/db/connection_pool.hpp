// A bounded pool of connections of one kind (SQLite readers, PostgreSQL sessions), created on first demand.
// Private to the db module.
//
//   ConnectionPool<PgConnection> pool(8, [&] { return PgConnection::Connect(url); });
//   auto lease = pool.Acquire();   // blocks while all 8 are leased
//   lease->Query(...);
//   if (broken) lease.Discard();   // closed instead of returned; the next Acquire opens a new one
#pragma once

#include <condition_variable>
#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <utility>
#include <vector>

namespace mw::db {

template <typename Connection>
class ConnectionPool {
 public:
  using Factory = std::function<std::unique_ptr<Connection>()>;

  // A connection on loan; returned to the pool when the lease ends.
  class Lease {
   public:
    Lease(ConnectionPool* pool, std::unique_ptr<Connection> connection)
        : pool_(pool), connection_(std::move(connection)) {}
    Lease(Lease&& other) noexcept : pool_(std::exchange(other.pool_, nullptr)), connection_(std::move(other.connection_)) {}
    Lease& operator=(Lease&&) = delete;
    Lease(const Lease&) = delete;
    ~Lease() {
      if (pool_ != nullptr) pool_->Return(std::move(connection_));
    }
    Connection& operator*() const { return *connection_; }
    Connection* operator->() const { return connection_.get(); }
    // Closes the connection instead of returning it (it is broken or in an unknown state).
    void Discard() { connection_.reset(); }

   private:
    ConnectionPool* pool_;
    std::unique_ptr<Connection> connection_;
  };

  // `factory` opens a connection and throws if it cannot; it is called without the pool's lock held.
  ConnectionPool(std::size_t capacity, Factory factory) : capacity_(capacity < 1 ? 1 : capacity), factory_(std::move(factory)) {}
  ConnectionPool(const ConnectionPool&) = delete;
  ConnectionPool& operator=(const ConnectionPool&) = delete;
  // All leases must have ended.
  ~ConnectionPool() = default;

  // An idle connection, a new one while fewer than `capacity` exist, or the next one returned.
  Lease Acquire() {
    std::unique_lock lock(mutex_);
    returned_.wait(lock, [&] { return !idle_.empty() || open_ < capacity_; });
    if (!idle_.empty()) {
      auto connection = std::move(idle_.back());
      idle_.pop_back();
      return Lease(this, std::move(connection));
    }
    ++open_;
    lock.unlock();
    try {
      return Lease(this, factory_());
    } catch (...) {
      lock.lock();
      --open_;
      returned_.notify_one();
      throw;
    }
  }

 private:
  void Return(std::unique_ptr<Connection> connection) {
    {
      std::lock_guard lock(mutex_);
      if (connection) {
        idle_.push_back(std::move(connection));
      } else {
        --open_;
      }
    }
    returned_.notify_one();
  }

  const std::size_t capacity_;
  const Factory factory_;
  std::mutex mutex_;
  std::condition_variable returned_;
  std::vector<std::unique_ptr<Connection>> idle_;  // guarded by mutex_
  std::size_t open_ = 0;                           // idle and leased connections; guarded by mutex_
};

}  // namespace mw::db

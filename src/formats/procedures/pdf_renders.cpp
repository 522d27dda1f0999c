#include "formats/procedures/pdf_renders.hpp"

#include <list>
#include <mutex>
#include <unordered_map>

#include "platform/core/crypto.hpp"

namespace mw::procedures {
namespace {

class PdfCache {
 public:
  std::shared_ptr<const std::string> Find(const std::string& key) {
    std::lock_guard lock(mutex_);
    auto found = index_.find(key);
    if (found == index_.end()) return nullptr;
    order_.splice(order_.begin(), order_, found->second);  // most recently used first
    return found->second->second;
  }

  void Insert(const std::string& key, std::shared_ptr<const std::string> bytes) {
    if (bytes->size() > kMaxCachedPdfBytes / 4) return;  // one huge PDF must not push out all others
    std::lock_guard lock(mutex_);
    if (index_.contains(key)) return;
    bytes_ += bytes->size();
    order_.emplace_front(key, std::move(bytes));
    index_[key] = order_.begin();
    while (bytes_ > kMaxCachedPdfBytes && !order_.empty()) {
      bytes_ -= order_.back().second->size();
      index_.erase(order_.back().first);
      order_.pop_back();
    }
  }

  void Clear() {
    std::lock_guard lock(mutex_);
    order_.clear();
    index_.clear();
    bytes_ = 0;
  }

  // A render slot: true if one was free (then the caller must Release it).
  bool TryAcquire() {
    std::lock_guard lock(mutex_);
    if (rendering_ >= slots_) return false;
    ++rendering_;
    return true;
  }
  void Release() {
    std::lock_guard lock(mutex_);
    --rendering_;
  }
  void SetSlots(int slots) {
    std::lock_guard lock(mutex_);
    slots_ = slots;
  }

 private:
  using Entry = std::pair<std::string, std::shared_ptr<const std::string>>;
  std::mutex mutex_;
  std::list<Entry> order_;
  std::unordered_map<std::string, std::list<Entry>::iterator> index_;
  std::size_t bytes_ = 0;
  int rendering_ = 0;
  int slots_ = kPdfRenderSlots;
};

PdfCache& Cache() {
  static PdfCache cache;
  return cache;
}

}  // namespace

PdfFingerprint::PdfFingerprint(std::string_view kind) { Add(kind); }

PdfFingerprint& PdfFingerprint::Add(std::string_view part) {
  buffer_ += std::to_string(part.size());
  buffer_ += ':';
  buffer_ += part;
  return *this;
}

std::string PdfFingerprint::Hex() const { return Sha256Hex(buffer_); }

PdfResult RenderedPdf(const std::string& key, const std::function<std::optional<std::string>()>& render) {
  PdfCache& cache = Cache();
  if (auto kept = cache.Find(key)) return {PdfStatus::kReady, std::move(kept)};
  if (!cache.TryAcquire()) return {PdfStatus::kBusy, nullptr};
  std::optional<std::string> rendered;
  try {
    rendered = render();
  } catch (...) {
    cache.Release();
    throw;
  }
  cache.Release();
  if (!rendered) return {PdfStatus::kFailed, nullptr};
  auto bytes = std::make_shared<const std::string>(std::move(*rendered));
  cache.Insert(key, bytes);
  return {PdfStatus::kReady, std::move(bytes)};
}

void SetPdfRenderSlotsForTesting(int slots) { Cache().SetSlots(slots); }
void ForgetPdfsForTesting() { Cache().Clear(); }

}  // namespace mw::procedures

#include <array>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <map>
#include <mutex>

#include "platform/http/server.hpp"

namespace mw::http {
namespace {

// Upper bounds of the histogram buckets in seconds (5 ms .. 10 s); +Inf is implied.
constexpr std::array<double, 11> kBuckets = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

struct Histogram {
  std::array<std::uint64_t, kBuckets.size()> counts{};  // per bucket, not cumulative
  std::uint64_t count = 0;
  double sum = 0;
};

// "mw_x_total{a=\"b\"}" -> "mw_x_total".
std::string BaseName(const std::string& name_with_labels) {
  return name_with_labels.substr(0, name_with_labels.find('{'));
}

std::string FormatNumber(double value) {
  char buffer[64];
  if (value == static_cast<double>(static_cast<std::int64_t>(value)) && value < 9.0e15 && value > -9.0e15) {
    std::snprintf(buffer, sizeof buffer, "%lld", static_cast<long long>(value));
  } else {
    std::snprintf(buffer, sizeof buffer, "%.9g", value);
  }
  return buffer;
}

}  // namespace

struct Metrics::Impl {
  mutable std::mutex mutex;
  std::map<std::string, double> counters;  // by full name with labels
  std::map<std::string, double> gauges;
  std::map<std::string, std::function<double()>> read_gauges;          // read when rendered
  std::map<std::string, std::map<std::string, Histogram>> histograms;  // by name, then label set
};

Metrics::Metrics() : impl_(std::make_unique<Impl>()) {}

Metrics& Metrics::Global() {
  static Metrics* metrics = new Metrics();  // never destroyed: threads may still count during exit
  return *metrics;
}

void Metrics::Increment(const std::string& name_with_labels, double by) {
  std::lock_guard lock(impl_->mutex);
  impl_->counters[name_with_labels] += by;
}

void Metrics::Set(const std::string& name_with_labels, double value) {
  std::lock_guard lock(impl_->mutex);
  impl_->gauges[name_with_labels] = value;
}

void Metrics::SetReader(const std::string& name_with_labels, std::function<double()> read) {
  std::lock_guard lock(impl_->mutex);
  impl_->read_gauges[name_with_labels] = std::move(read);
}

void Metrics::Observe(const std::string& name, const std::string& labels, double seconds) {
  std::lock_guard lock(impl_->mutex);
  Histogram& histogram = impl_->histograms[name][labels];
  for (std::size_t bucket_idx = 0; bucket_idx < kBuckets.size(); ++bucket_idx) {
    if (seconds <= kBuckets[bucket_idx]) {
      ++histogram.counts[bucket_idx];
      break;
    }
  }
  ++histogram.count;
  histogram.sum += seconds;
}

std::string Metrics::Render() const {
  std::lock_guard lock(impl_->mutex);
  std::string out;
  auto render_simple = [&out](const std::map<std::string, double>& values, std::string_view type) {
    std::string last_base;
    for (const auto& [name, value] : values) {
      std::string base = BaseName(name);
      if (base != last_base) {
        out += "# TYPE " + base + " " + std::string(type) + "\n";
        last_base = base;
      }
      out += name + " " + FormatNumber(value) + "\n";
    }
  };
  render_simple(impl_->counters, "counter");
  std::map<std::string, double> gauges = impl_->gauges;
  for (const auto& [name, read] : impl_->read_gauges) gauges[name] = read();
  render_simple(gauges, "gauge");
  for (const auto& [name, by_labels] : impl_->histograms) {
    out += "# TYPE " + name + " histogram\n";
    for (const auto& [labels, histogram] : by_labels) {
      const std::string prefix = labels.empty() ? "" : labels + ",";
      std::uint64_t cumulative = 0;
      for (std::size_t bucket_idx = 0; bucket_idx < kBuckets.size(); ++bucket_idx) {
        cumulative += histogram.counts[bucket_idx];
        out += name + "_bucket{" + prefix + "le=\"" + FormatNumber(kBuckets[bucket_idx]) + "\"} " +
               std::to_string(cumulative) + "\n";
      }
      out += name + "_bucket{" + prefix + "le=\"+Inf\"} " + std::to_string(histogram.count) + "\n";
      const std::string label_block = labels.empty() ? "" : "{" + labels + "}";
      out += name + "_sum" + label_block + " " + FormatNumber(histogram.sum) + "\n";
      out += name + "_count" + label_block + " " + std::to_string(histogram.count) + "\n";
    }
  }
  return out;
}

Handler MetricsHandler() {
  return [](Request&) {
    Response response = Response::Text(200, Metrics::Global().Render());
    response.SetHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
    return response;
  };
}

}  // namespace mw::http
